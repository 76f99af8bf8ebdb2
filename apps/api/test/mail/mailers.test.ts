import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmlFolderMailer } from '../../src/mail/mailer';
import { SmtpMailer } from '../../src/mail/smtp-mailer';
import { SmtpSink } from './smtp-sink';

const FROM = 'Decent Cloud <billing@decent-cloud.test>';
const message = (to: string, messageId?: string) => ({
  to,
  subject: 'Receipt: 10.00 USD',
  text: 'Thank you.',
  ...(messageId === undefined ? {} : { messageId }),
});

describe('SmtpMailer against a real SMTP server', () => {
  const sink = new SmtpSink();
  let mailer: SmtpMailer;
  beforeAll(async () => {
    await sink.start();
    mailer = new SmtpMailer(sink.url, FROM);
  });
  afterAll(async () => {
    mailer?.close();
    await sink.stop();
  });

  it('delivers the message with the given Message-ID, From and Subject', async () => {
    const sent = await mailer.send(message('ana@example.com', 'receipt.ledger.1@receipts.test'));
    expect(sent.id).toBe('<receipt.ledger.1@receipts.test>');
    expect(sent.location).toMatch(/^smtp: 250/);
    const [got] = sink.to('ana@example.com');
    expect(got?.messageId).toBe('<receipt.ledger.1@receipts.test>');
    expect(got?.subject).toBe('Receipt: 10.00 USD');
    expect(got?.raw).toContain('billing@decent-cloud.test');
  });

  it('throws when the server refuses the recipient, so nothing is marked sent', async () => {
    sink.refuseRecipients = 1;
    await expect(mailer.send(message('bob@example.com'))).rejects.toThrow(/451|busy/i);
    expect(sink.to('bob@example.com')).toHaveLength(0);
  });
});

describe('SmtpMailer verifies TLS', () => {
  // STARTTLS on, with smtp-server's built-in self-signed certificate: a mailer that skipped
  // verification would deliver here.
  const sink = new SmtpSink({ disabledCommands: ['AUTH'] });
  let mailer: SmtpMailer;
  beforeAll(async () => {
    await sink.start();
    mailer = new SmtpMailer(sink.url, FROM);
  });
  afterAll(async () => {
    mailer?.close();
    await sink.stop();
  });

  it('refuses a server whose certificate it cannot verify', async () => {
    await expect(mailer.send(message('eve@example.com'))).rejects.toThrow(/certificate/i);
    expect(sink.accepted).toHaveLength(0);
  });
});

describe('EmlFolderMailer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dc-eml-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a message with a Message-ID once, however often it is sent', async () => {
    const mailer = new EmlFolderMailer(dir, FROM);
    const first = await mailer.send(message('ana@example.com', 'receipt.ledger.7@receipts.test'));
    const again = await mailer.send(message('ana@example.com', 'receipt.ledger.7@receipts.test'));
    expect(again.location).toBe(first.location);
    expect(readdirSync(dir)).toEqual(['receipt.ledger.7@receipts.test.eml']);
    const eml = readFileSync(first.location, 'utf8');
    expect(eml).toContain('Message-ID: <receipt.ledger.7@receipts.test>\r\n');
    expect(eml).toContain(`From: ${FROM}\r\n`);
  });

  it('writes messages without a Message-ID to files of their own', async () => {
    const mailer = new EmlFolderMailer(dir, FROM);
    await mailer.send(message('bob@example.com'));
    await mailer.send(message('bob@example.com'));
    expect(readdirSync(dir)).toHaveLength(3);
  });
});
