import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One plain-text email. */
export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /**
   * A stable Message-ID (without angle brackets) for mail that must arrive once: a resend after
   * a crash carries the same id, so the .eml folder keeps one file and receivers can de-duplicate.
   */
  readonly messageId?: string;
  /** The Date header; now when omitted. */
  readonly date?: Date;
}

/** Where a sent message went: its Message-ID and the file or the SMTP server's answer. */
export interface SentMail {
  readonly id: string;
  readonly location: string;
}

/** Sends mail: {@link EmlFolderMailer} by default, `SmtpMailer` when SMTP_URL is set. */
export interface Mailer {
  /** Resolves only once the message is stored or accepted by the SMTP server; else throws. */
  send(message: MailMessage): Promise<SentMail>;
  /** Releases connections; the server calls it at shutdown. */
  close?(): void;
}

function header(value: string): string {
  // Header injection guard: a value never spans lines.
  return value.replace(/[\r\n]+/g, ' ');
}

/**
 * Writes each message as an RFC 5322 `.eml` file in a folder (mode 0600: codes are secrets),
 * the default when no SMTP server is configured. Open them with any mail client. A message with
 * a `messageId` gets a file named after it, written at most once: sending it again finds the
 * file and reports it.
 */
export class EmlFolderMailer implements Mailer {
  constructor(
    private readonly dir: string,
    private readonly from = 'Decent Cloud <no-reply@localhost>',
  ) {}

  async send(message: MailMessage): Promise<SentMail> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const date = message.date ?? new Date();
    const id = message.messageId ?? `${randomUUID()}@decent-cloud.local`;
    const name =
      message.messageId === undefined
        ? `${date.toISOString().replace(/[:.]/g, '-')}-${id}`
        : id.replace(/[^A-Za-z0-9._@-]/g, '_');
    const location = join(this.dir, `${name}.eml`);
    const eml = [
      `From: ${header(this.from)}`,
      `To: ${header(message.to)}`,
      `Subject: ${header(message.subject)}`,
      `Message-ID: <${header(id)}>`,
      `Date: ${date.toUTCString()}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      message.text,
    ].join('\r\n');
    try {
      writeFileSync(location, eml, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Sent before (a retry after a crash): the file is the one delivery.
      if (message.messageId === undefined || (error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
    }
    return { id, location };
  }
}
