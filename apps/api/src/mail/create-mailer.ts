import type { Logger } from 'pino';
import type { Config } from '../config';
import { EmlFolderMailer, type Mailer } from './mailer';
import { SmtpMailer } from './smtp-mailer';

/**
 * The mailer the configuration asks for: SMTP when `SMTP_URL` is set, else `.eml` files in the
 * outbox folder. Says once, at startup, where mail goes (never the SMTP password).
 */
export function createMailer(config: Config, log: Pick<Logger, 'info'>): Mailer {
  if (config.SMTP_URL !== undefined) {
    const url = new URL(config.SMTP_URL);
    log.info({ smtp: `${url.protocol}//${url.host}`, from: config.DC_MAIL_FROM }, 'mail via SMTP');
    return new SmtpMailer(config.SMTP_URL, config.DC_MAIL_FROM);
  }
  log.info(
    { outbox: config.outboxDir },
    'mail is written as .eml files to the outbox folder (set SMTP_URL to send it)',
  );
  return new EmlFolderMailer(config.outboxDir, config.DC_MAIL_FROM);
}
