import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST the receiver got. */
export interface WebhookRequest {
  readonly id: string | undefined;
  readonly event: string | undefined;
  readonly signature: string | undefined;
  readonly body: string;
}

/**
 * A webhook endpoint over real HTTP on loopback that records every request and answers 200,
 * or `failNext` times with 500, or (`holdNext`) reads a request and never answers.
 */
export class WebhookReceiver {
  readonly requests: WebhookRequest[] = [];
  failNext = 0;
  holdNext = 0;
  private readonly held: ServerResponse[] = [];
  private readonly server: Server;
  private port = 0;

  constructor() {
    this.server = createServer((request, response) => {
      void this.handle(request, response);
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/dc`;
  }

  /** The distinct notifications received: what a receiver deduping on DC-Notification-Id keeps. */
  distinct(): WebhookRequest[] {
    const seen = new Map<string, WebhookRequest>();
    for (const request of this.requests) {
      if (request.id !== undefined && !seen.has(request.id)) seen.set(request.id, request);
    }
    return [...seen.values()];
  }

  async stop(): Promise<void> {
    for (const response of this.held) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    this.requests.push({
      id: header('dc-notification-id'),
      event: header('dc-event'),
      signature: header('dc-signature'),
      body: Buffer.concat(chunks).toString('utf8'),
    });
    if (this.holdNext > 0) {
      this.holdNext -= 1;
      this.held.push(response);
      return;
    }
    if (this.failNext > 0) {
      this.failNext -= 1;
      response.writeHead(500).end('try later');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  }
}

/**
 * Verifies a DC-Signature as a receiver would, written here independently of the server's code
 * (the README's snippet): `t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, t within 5 minutes.
 */
export function receiverVerifies(
  secret: string,
  header: string | undefined,
  body: string,
  nowSeconds: number,
): boolean {
  if (header === undefined) return false;
  const fields = new Map(header.split(',').map((part) => part.split('=') as [string, string]));
  const t = Number(fields.get('t'));
  const v1 = fields.get('v1') ?? '';
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return v1.length === expected.length && timingSafeEqual(Buffer.from(v1), Buffer.from(expected));
}
