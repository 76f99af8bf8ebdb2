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

/** What a user sends the bot, as {@link FakeTelegram.userSends} turns it into an update. */
export interface UserMessage {
  readonly chatId: number;
  readonly text: string;
  /** `private` (default), `group`, `supergroup` or `channel`. */
  readonly chatType?: string;
  /** The sender's user id (default: the chat id, as in a private chat). */
  readonly fromId?: number;
  readonly fromIsBot?: boolean;
}

/** One `Update` as the Bot API returns it from getUpdates. */
export interface TelegramUpdateShape {
  readonly update_id: number;
  readonly message: {
    readonly message_id: number;
    readonly from: {
      readonly id: number;
      readonly is_bot: boolean;
      readonly first_name: string;
      readonly username: string;
    };
    readonly chat: Record<string, unknown> & { readonly id: number; readonly type: string };
    readonly date: number;
    readonly text: string;
    readonly entities?: readonly { type: string; offset: number; length: number }[];
  };
}

/**
 * A Telegram Bot API fake over real HTTP, with the Bot API's answer shapes
 * (`{ok:true,result:...}`, `{ok:false,error_code,description}`):
 * - `sendMessage` records each message; `holdNext` makes it process (record) the next message
 *   but never answer, as if the sender's process died after Telegram sent it;
 * - `getMe` answers the bot's user (`username` {@link FakeTelegram.botUsername});
 * - `getUpdates` serves what users sent ({@link FakeTelegram.userSends}) like Telegram: updates
 *   below `offset` are confirmed and forgotten, an empty queue is long-polled for `timeout`
 *   seconds, and a getUpdates arriving while another waits ends the waiting one with 409
 *   Conflict (counted in `conflicts`), as Telegram does when two bot instances poll.
 */
export class FakeTelegram {
  readonly token = '123456:TEST-fake-bot-token';
  /** Every message processed (sent to the chat), in order. */
  readonly sent: TelegramMessage[] = [];
  /** Errors to answer the next calls with, in order (nothing is sent for them). */
  readonly failures: TelegramFailure[] = [];
  /** How many following messages to process without answering. */
  holdNext = 0;
  readonly botUsername = 'dc_test_bot';
  /** getMe calls answered. */
  getMeCalls = 0;
  /** getUpdates calls answered with updates or an empty list. */
  getUpdatesCalls = 0;
  /** getUpdates calls ended with 409 because another one came in while they waited. */
  conflicts = 0;
  /** Updates not confirmed yet (getUpdates with a higher offset confirms them). */
  private queue: TelegramUpdateShape[] = [];
  private nextUpdateId = 700_000_001;
  private waiting: { end: (status: number, body: unknown) => void } | undefined;
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

  /**
   * The server settings that point the API at this fake. The API takes the bot's updates
   * (getUpdates) only with `poll`: suites about sending keep every call to the fake a send.
   */
  env(options: { readonly poll?: boolean } = {}): Record<string, string> {
    return {
      DC_TELEGRAM_BOT_TOKEN: this.token,
      DC_TELEGRAM_API_URL: `http://127.0.0.1:${this.port}`,
      DC_TELEGRAM_POLL_ENABLED: options.poll === true ? 'true' : 'false',
    };
  }

  /** A user sends `text` to the bot: an update for the next getUpdates; its update_id. */
  userSends(message: UserMessage): number {
    const updateId = this.nextUpdateId++;
    const chatType = message.chatType ?? 'private';
    const fromId = message.fromId ?? message.chatId;
    const command = /^\/[A-Za-z0-9_@]+/.exec(message.text);
    this.queue.push({
      update_id: updateId,
      message: {
        message_id: updateId - 700_000_000,
        from: {
          id: fromId,
          is_bot: message.fromIsBot ?? false,
          first_name: 'Test',
          username: `user${fromId}`,
        },
        chat:
          chatType === 'private'
            ? { id: message.chatId, type: 'private', first_name: 'Test', username: `user${fromId}` }
            : { id: message.chatId, type: chatType, title: 'A group' },
        date: Math.floor(Date.now() / 1000),
        text: message.text,
        ...(command === null
          ? {}
          : { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] }),
      },
    });
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.end(200, { ok: true, result: this.queue.slice(0, 100) });
    return updateId;
  }

  /** Takes `count` update ids for updates a test builds itself; the first one. */
  reserveUpdateIds(count: number): number {
    const first = this.nextUpdateId;
    this.nextUpdateId += count;
    return first;
  }

  /** Updates Telegram still holds (not confirmed by a getUpdates offset). */
  unconfirmed(): number {
    return this.queue.length;
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
    const path = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(request.url ?? '');
    if (request.method !== 'POST' || path === null) {
      answer(404, { ok: false, error_code: 404, description: 'Not Found' });
      return;
    }
    if (path[1] !== this.token) {
      answer(401, { ok: false, error_code: 401, description: 'Unauthorized' });
      return;
    }
    const text = Buffer.concat(chunks).toString('utf8');
    const input = (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
    if (path[2] === 'getMe') {
      this.getMeCalls += 1;
      answer(200, {
        ok: true,
        result: {
          id: Number(this.token.split(':')[0]),
          is_bot: true,
          first_name: 'Decent Cloud test bot',
          username: this.botUsername,
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
        },
      });
      return;
    }
    if (path[2] === 'getUpdates') {
      this.getUpdates(input, response, answer);
      return;
    }
    if (path[2] !== 'sendMessage') {
      answer(404, { ok: false, error_code: 404, description: 'Not Found' });
      return;
    }
    const body = input as { chat_id?: unknown; text?: unknown };
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

  private getUpdates(
    input: Record<string, unknown>,
    response: ServerResponse,
    answer: (status: number, body: unknown) => void,
  ): void {
    const offset = typeof input['offset'] === 'number' ? input['offset'] : 0;
    const limit = typeof input['limit'] === 'number' ? input['limit'] : 100;
    const timeout = typeof input['timeout'] === 'number' ? input['timeout'] : 0;
    // Another bot instance was waiting: Telegram ends its request.
    const previous = this.waiting;
    this.waiting = undefined;
    if (previous !== undefined) {
      this.conflicts += 1;
      previous.end(409, {
        ok: false,
        error_code: 409,
        description:
          'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
      });
    }
    if (offset > 0) this.queue = this.queue.filter((update) => update.update_id >= offset);
    this.getUpdatesCalls += 1;
    if (this.queue.length > 0 || timeout <= 0) {
      answer(200, { ok: true, result: this.queue.slice(0, limit) });
      return;
    }
    let ended = false;
    const waiter = {
      end: (status: number, body: unknown) => {
        if (ended) return;
        ended = true;
        clearTimeout(timer);
        if (!response.destroyed) answer(status, body);
      },
    };
    const timer = setTimeout(() => {
      if (this.waiting === waiter) this.waiting = undefined;
      waiter.end(200, { ok: true, result: [] });
    }, timeout * 1000);
    // The poller gave up (stopped, or its process died): nothing waits any more.
    response.once('close', () => {
      if (this.waiting === waiter) this.waiting = undefined;
      ended = true;
      clearTimeout(timer);
    });
    this.held.push(response);
    this.waiting = waiter;
  }
}
