import { join } from 'node:path';
import { getMe, updateMe, verifyEmail } from '@dc/client';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';
import { failure, Outbox, registerNew, uniqueUsername } from './_support';

let server: TestServer;
let outbox: Outbox;
const logLines: string[] = [];

beforeAll(async () => {
  // Every log line at every level, to check that codes never reach the logs.
  const logger = pino({ level: 'trace' }, { write: (line: string) => void logLines.push(line) });
  server = await startTestServer({}, { logger });
  outbox = new Outbox(join(server.dataDir, 'outbox'));
});
afterAll(async () => {
  await server?.stop();
});

const address = () => `${uniqueUsername('mail')}@example.com`;
const wrongCodeFor = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('email verification', () => {
  it('mails a 6-digit code at registration; the code verifies the address', async () => {
    const email = address();
    const { client, account } = await registerNew(server, { email });
    expect(account).toMatchObject({ email, email_verified: false });
    const code = outbox.codeFor(email);
    const verified = await verifyEmail(client, { body: { code } });
    expect(verified).toMatchObject({ email, email_verified: true });
    expect(await getMe(client, {})).toMatchObject({ email_verified: true });
  });

  it('stores only a hash of the code and never logs it', async () => {
    const email = address();
    const { account } = await registerNew(server, { email });
    const code = outbox.codeFor(email);
    const row = await server.database.db
      .selectFrom('email_verifications')
      .selectAll()
      .where('account_id', '=', account.id)
      .executeTakeFirstOrThrow();
    expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(code);
    expect(row.attempts).toBe(0);
    const hoursValid = (row.expires_at.getTime() - row.created_at.getTime()) / 3_600_000;
    expect(hoursValid).toBe(24);
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.filter((line) => line.includes(code))).toEqual([]);
  });

  it('refuses a wrong code with 422 wrong_code and the attempts left', async () => {
    const email = address();
    const { client } = await registerNew(server, { email });
    const code = outbox.codeFor(email);
    const refused = await failure(verifyEmail(client, { body: { code: wrongCodeFor(code) } }));
    expect(refused).toMatchObject({ status: 422, code: 'wrong_code' });
    expect(refused.detail).toContain('4 attempts left');
    expect(await getMe(client, {})).toMatchObject({ email_verified: false });
    // The right code still works after a wrong guess.
    expect(await verifyEmail(client, { body: { code } })).toMatchObject({ email_verified: true });
  });

  it('spends the code after 5 wrong attempts (409 too_many_attempts), even for the right code', async () => {
    const email = address();
    const { client } = await registerNew(server, { email });
    const code = outbox.codeFor(email);
    const details: string[] = [];
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const refused = await failure(verifyEmail(client, { body: { code: wrongCodeFor(code) } }));
      expect(refused).toMatchObject({ status: 422, code: 'wrong_code' });
      details.push(refused.detail);
    }
    expect(details[3]).toContain('1 attempt left');
    expect(details[4]).toContain('no attempts left');
    expect(await failure(verifyEmail(client, { body: { code } }))).toMatchObject({
      status: 409,
      code: 'too_many_attempts',
    });
    // Sending the same email again mails a new code with fresh attempts.
    await updateMe(client, { body: { email } });
    const fresh = outbox.codeFor(email);
    expect(await verifyEmail(client, { body: { code: fresh } })).toMatchObject({
      email_verified: true,
    });
  });

  it('refuses an expired code with 422 code_expired', async () => {
    const email = address();
    const { client, account } = await registerNew(server, { email });
    const code = outbox.codeFor(email);
    await server.database.db
      .updateTable('email_verifications')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('account_id', '=', account.id)
      .execute();
    expect(await failure(verifyEmail(client, { body: { code } }))).toMatchObject({
      status: 422,
      code: 'code_expired',
    });
    expect(await getMe(client, {})).toMatchObject({ email_verified: false });
  });

  it('changing the email resets verification and mails the new address; the old code stops working', async () => {
    const oldEmail = address();
    const { client } = await registerNew(server, { email: oldEmail });
    await verifyEmail(client, { body: { code: outbox.codeFor(oldEmail) } });
    const newEmail = address();
    const changed = await updateMe(client, { body: { email: newEmail } });
    expect(changed).toMatchObject({ email: newEmail, email_verified: false });
    const code = outbox.codeFor(newEmail);
    expect(await verifyEmail(client, { body: { code } })).toMatchObject({
      email: newEmail,
      email_verified: true,
    });
  });

  it('a code mailed to a replaced address cannot verify the new one', async () => {
    const first = address();
    const { client } = await registerNew(server, { email: first });
    const firstCode = outbox.codeFor(first);
    const second = address();
    await updateMe(client, { body: { email: second } });
    const secondCode = outbox.codeFor(second);
    if (firstCode !== secondCode) {
      expect(await failure(verifyEmail(client, { body: { code: firstCode } }))).toMatchObject({
        status: 422,
        code: 'wrong_code',
      });
    }
    expect(await verifyEmail(client, { body: { code: secondCode } })).toMatchObject({
      email: second,
      email_verified: true,
    });
  });

  it('email null removes the address and any pending code', async () => {
    const email = address();
    const { client, account } = await registerNew(server, { email });
    outbox.codeFor(email);
    expect(await updateMe(client, { body: { email: null } })).toMatchObject({
      email: null,
      email_verified: false,
    });
    const pending = await server.database.db
      .selectFrom('email_verifications')
      .select('account_id')
      .where('account_id', '=', account.id)
      .execute();
    expect(pending).toEqual([]);
    expect(await failure(verifyEmail(client, { body: { code: '123456' } }))).toMatchObject({
      status: 409,
      code: 'no_pending_verification',
    });
  });

  it('a verified address is not re-verified: same email is a no-op, no new mail', async () => {
    const email = address();
    const { client } = await registerNew(server, { email });
    await verifyEmail(client, { body: { code: outbox.codeFor(email) } });
    expect(await updateMe(client, { body: { email } })).toMatchObject({
      email,
      email_verified: true,
    });
    expect(outbox.newMessagesTo(email)).toEqual([]);
    expect(await failure(verifyEmail(client, { body: { code: '000000' } }))).toMatchObject({
      status: 409,
      code: 'email_already_verified',
    });
  });

  it('updates and clears the display name without touching the email', async () => {
    const { client } = await registerNew(server, { display_name: 'Before' });
    expect(await updateMe(client, { body: { display_name: 'After' } })).toMatchObject({
      display_name: 'After',
    });
    expect(await updateMe(client, { body: { display_name: null } })).toMatchObject({
      display_name: null,
    });
    expect(await updateMe(client, { body: {} })).toMatchObject({ display_name: null, email: null });
  });
});
