import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One plain-text email. */
export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** Sends mail. The billing issue adds SMTP with an outbox table; this is the seam. */
export interface Mailer {
  send(message: MailMessage): Promise<{ readonly id: string; readonly location: string }>;
}

function header(value: string): string {
  // Header injection guard: a value never spans lines.
  return value.replace(/[\r\n]+/g, ' ');
}

/**
 * Writes each message as an RFC 5322 `.eml` file in a folder (mode 0600: codes are secrets),
 * the default when no SMTP server is configured. Open them with any mail client.
 */
export class EmlFolderMailer implements Mailer {
  constructor(
    private readonly dir: string,
    private readonly from = 'Decent Cloud <no-reply@localhost>',
  ) {}

  async send(message: MailMessage) {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const id = randomUUID();
    const location = join(this.dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${id}.eml`);
    const eml = [
      `From: ${header(this.from)}`,
      `To: ${header(message.to)}`,
      `Subject: ${header(message.subject)}`,
      `Message-ID: <${id}@decent-cloud.local>`,
      `Date: ${new Date().toUTCString()}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      message.text,
    ].join('\r\n');
    writeFileSync(location, eml, { mode: 0o600, flag: 'wx' });
    return { id, location };
  }
}
