import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  verifyWebhookSignature,
  WEBHOOK_DELIVERY_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
} from '../../src/providers/manual';

/** One call the receiver got. */
export interface Received {
  readonly headers: Record<string, string | string[] | undefined>;
  readonly raw: string;
  readonly body: Record<string, unknown>;
  readonly genuine: boolean;
}

/**
 * A provider's webhook receiver on 127.0.0.1, as a provider would write one: it checks each
 * call's signature over the raw body and answers 401 to a forged one. `answer` decides the
 * status of the next calls (to play a receiver that is down).
 */
export class WebhookReceiver {
  readonly calls: Received[] = [];
  answer: (call: Received) => number = (call) => (call.genuine ? 204 : 401);
  readonly #server: Server;
  readonly #secret: string;

  constructor(secret: string, onEvent: (call: Received) => void = () => {}) {
    this.#secret = secret;
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const header = (name: string) => {
          const v = req.headers[name];
          return Array.isArray(v) ? v[0] : v;
        };
        const genuine = verifyWebhookSignature({
          secret: this.#secret,
          body: raw,
          timestamp: header(WEBHOOK_TIMESTAMP_HEADER),
          signature: header(WEBHOOK_SIGNATURE_HEADER),
        });
        const call: Received = {
          headers: req.headers,
          raw,
          body: JSON.parse(raw) as Record<string, unknown>,
          genuine,
        };
        this.calls.push(call);
        const status = this.answer(call);
        if (status < 300 && genuine) onEvent(call);
        res.writeHead(status).end();
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((r) => this.#server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/dc-hook`;
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((r) => this.#server.close(() => r()));
  }

  /** Calls of one event, with distinct delivery ids. */
  events(name: string): Received[] {
    const seen = new Set<string>();
    return this.calls.filter((c) => {
      const id = String(c.headers[WEBHOOK_DELIVERY_HEADER]);
      if (c.body['event'] !== name || seen.has(id)) return false;
      seen.add(id);
      return true;
    });
  }
}
