import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One sendMessage the fake accepted (processed), whether or not it answered. */
export interface TelegramMessage {
  readonly chatId: string;
  readonly text: string;
  readonly messageId: number;
}

/** A Bot API error the fake answers with next, instead of sending. */
export interface TelegramFailure {
  readonly status: number;
  readonly errorCode: number;
  readonly description: string;
  readonly retryAfter?: number;
}

/**
 * A Telegram Bot API fake over real HTTP: `POST /bot<token>/sendMessage` with the Bot API's
 * answer shapes (`{ok:true,result:{message_id,...}}`, `{ok:false,error_code,description}`).
 * `holdNext` makes it process (record) the next message but never answer, as if the sender's
 * process died after Telegram sent it.
 */
export class FakeTelegram {
  readonly token = '123456:TEST-fake-bot-token';
  /** Every message processed (sent to the chat), in order. */
  readonly sent: TelegramMessage[] = [];
  /** Errors to answer the next calls with, in order (nothing is sent for them). */
  readonly failures: TelegramFailure[] = [];
  /** How many following messages to process without answering. */
  holdNext = 0;
  private nextId = 1;
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

  /** The server settings that point the API at this fake. */
  env(): Record<string, string> {
    return {
      DC_TELEGRAM_BOT_TOKEN: this.token,
      DC_TELEGRAM_API_URL: `http://127.0.0.1:${this.port}`,
    };
  }

  /** Messages sent to `chatId`. */
  to(chatId: string): TelegramMessage[] {
    return this.sent.filter((message) => message.chatId === chatId);
  }

  async stop(): Promise<void> {
    for (const response of this.held) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const answer = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method !== 'POST' || request.url !== `/bot${this.token}/sendMessage`) {
      answer(request.url?.startsWith('/bot') ? 401 : 404, {
        ok: false,
        error_code: 401,
        description: 'Unauthorized',
      });
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      chat_id?: unknown;
      text?: unknown;
    };
    if (typeof body.text !== 'string' || body.text.length === 0) {
      answer(400, {
        ok: false,
        error_code: 400,
        description: 'Bad Request: message text is empty',
      });
      return;
    }
    const failure = this.failures.shift();
    if (failure !== undefined) {
      answer(failure.status, {
        ok: false,
        error_code: failure.errorCode,
        description: failure.description,
        ...(failure.retryAfter === undefined
          ? {}
          : { parameters: { retry_after: failure.retryAfter } }),
      });
      return;
    }
    const message: TelegramMessage = {
      chatId: String(body.chat_id),
      text: body.text,
      messageId: this.nextId++,
    };
    this.sent.push(message);
    if (this.holdNext > 0) {
      this.holdNext -= 1;
      this.held.push(response);
      return;
    }
    answer(200, {
      ok: true,
      result: {
        message_id: message.messageId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: Number(message.chatId), type: 'private' },
        text: message.text,
      },
    });
  }
}
