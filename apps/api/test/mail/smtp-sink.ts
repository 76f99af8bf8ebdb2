import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** One message the sink accepted (answered 250 to). */
export interface SunkMessage {
  readonly to: readonly string[];
  readonly messageId: string | undefined;
  readonly subject: string | undefined;
  readonly raw: string;
}

/**
 * A real SMTP server in the test process (the `smtp-server` package) that keeps every message
 * it accepted. Switches let a test refuse recipients or hold a message unanswered (so a client
 * can be killed in the middle of a send).
 */
export class SmtpSink {
  readonly accepted: SunkMessage[] = [];
  /** Messages fully received but never answered, because `holdData` was on. */
  readonly held: SunkMessage[] = [];
  /** The next this many RCPT TO commands get a 451 (temporary) refusal. */
  refuseRecipients = 0;
  /** While true, DATA is read but never answered: the client waits for a 250 that never comes. */
  holdData = false;
  private readonly server: SMTPServer;
  private port = 0;

  constructor(options: Partial<SMTPServerOptions> = {}) {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      // A held connection must not hold the test's teardown for the default 30 s.
      closeTimeout: 500,
      onRcptTo: (_address, _session, callback) => {
        if (this.refuseRecipients > 0) {
          this.refuseRecipients -= 1;
          const error = new Error('Mailbox busy, try again later') as Error & {
            responseCode: number;
          };
          error.responseCode = 451;
          callback(error);
          return;
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const message: SunkMessage = {
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            messageId: headerOf(raw, 'Message-ID'),
            subject: headerOf(raw, 'Subject'),
            raw,
          };
          if (this.holdData) {
            this.held.push(message);
            return;
          }
          this.accepted.push(message);
          callback();
        });
      },
      ...options,
    });
  }

  /** Starts listening on a free port of 127.0.0.1. */
  async start(): Promise<void> {
    await new Promise<void>((resolve) => {
      const listener = this.server.listen(0, '127.0.0.1', () => {
        this.port = (listener.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  /** The `SMTP_URL` of this sink. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Accepted messages to `address`. */
  to(address: string): SunkMessage[] {
    return this.accepted.filter((message) => message.to.includes(address));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A header's unfolded value from raw RFC 5322 text. */
export function headerOf(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const match = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(unfolded);
  return match?.[1]?.trim();
}

/** Polls `check` until it returns a value (not undefined), failing after `timeoutMs`. */
export async function until<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
