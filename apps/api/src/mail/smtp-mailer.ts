import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { Mailer, MailMessage, SentMail } from './mailer';

/** Seconds a send may take in all: the outbox lease must be longer (see `receipts/worker.ts`). */
export const SMTP_SEND_BUDGET_SECONDS = 120;

/**
 * Sends mail through an SMTP server given as a URL (`smtp://user:pass@host:587`, or
 * `smtps://...:465` for implicit TLS). Certificates are always verified: the server's STARTTLS
 * or TLS must present a certificate the system trusts. A message counts as sent only when the
 * server accepted every recipient.
 */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter<SMTPTransport.SentMessageInfo>;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport({
      url,
      // Bounded so a stuck server fails the attempt well inside the outbox lease.
      connectionTimeout: 20_000,
      greetingTimeout: 20_000,
      socketTimeout: 60_000,
      tls: { rejectUnauthorized: true },
    });
  }

  async send(message: MailMessage): Promise<SentMail> {
    const info = await this.transport.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      date: message.date ?? new Date(),
      ...(message.messageId === undefined ? {} : { messageId: `<${message.messageId}>` }),
    });
    if (info.rejected.length > 0 || info.accepted.length === 0) {
      throw new Error(`The SMTP server refused the recipient: ${info.response}`);
    }
    return { id: info.messageId, location: `smtp: ${info.response}` };
  }

  close(): void {
    this.transport.close();
  }
}
