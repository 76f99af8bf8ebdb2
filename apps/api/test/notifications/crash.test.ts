// Each notification exactly once across a killed server PROCESS (SIGKILL), on PostgreSQL:
// 1. the worker held inside a Telegram call (Telegram processed the message, the answer never
//    came) with other deliveries claimed but not yet sent;
// 2. the worker held inside a webhook POST the receiver already got;
// 3. the mail worker held inside an SMTP send the server never acknowledged.
// After each restart every notification reaches Telegram and the SMTP server once, and the
// webhook receiver once per DC-Notification-Id (case 2 POSTs the held one again, same id).

import {
  type Client,
  createClient,
  createNotificationWebhook,
  createWalletAdjustment,
  keyAuth,
  registerAccount,
  rejectContract,
  updateMe,
  verifyEmail,
} from '@dc/client';
import { generateIdentity } from '@dc/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connect';
import { rent, usdOffering } from '../contracts/_http';
import { SmtpSink, until } from '../mail/smtp-sink';
import { newProvider, type TestAccount, unique } from '../offerings/_support';
import { closeCrashDatabase, openCrashDatabase } from '../support/crash-database';
import type { TestDatabase } from '../support/databases';
import {
  killServerProcess as kill,
  type ServerProcess,
  startServerProcess,
} from '../support/process';
import type { TestServer } from '../support/server';
import { FakeTelegram } from './_fake-telegram';
import { receiverVerifies, WebhookReceiver } from './_webhook-receiver';
import { deliveriesOf, setChatInDatabase } from './_world';

const sink = new SmtpSink();
const telegram = new FakeTelegram();
const receiver = new WebhookReceiver();
let database: TestDatabase;
let db: DatabaseHandle;
let server: ServerProcess | undefined;
const adminName = unique('admin');
const CHAT = '990001';

function env(): Record<string, string> {
  return {
    ...database.env,
    ...telegram.env(),
    SMTP_URL: sink.url,
    DC_ADMIN_USERNAMES: adminName,
    DC_LOG_LEVEL: 'info',
    DC_NOTIFY_WEBHOOK_ALLOW_HTTP_LOOPBACK: 'true',
    DC_NOTIFY_INTERVAL_MS: '200',
    // A claim of the killed process ends 6 s after it was taken (timeout 1 s + 5 s).
    DC_NOTIFY_LEASE_SECONDS: '2',
    DC_NOTIFY_TIMEOUT_MS: '1000',
    // The mail outbox is sent by the sweeper; its claims end 5 s after they were taken.
    DC_SWEEP_INTERVAL_MS: '200',
    DC_OUTBOX_LEASE_SECONDS: '5',
  };
}

beforeAll(async () => {
  await Promise.all([sink.start(), telegram.start(), receiver.start()]);
  ({ database, db } = await openCrashDatabase());
});
afterAll(async () => {
  await kill(server);
  await closeCrashDatabase(database, db);
  await Promise.all([sink.stop(), telegram.stop(), receiver.stop()]);
});

function clientOf(): { client: Client; identity: ReturnType<typeof generateIdentity> } {
  const identity = generateIdentity();
  return {
    identity,
    client: createClient({
      baseUrl: server?.url ?? '',
      auth: keyAuth(identity.secretKey),
      retries: 0,
    }),
  };
}

/** A client for `account` on the current server process (its URL changes at each restart). */
function on(account: TestAccount): TestAccount {
  return {
    ...account,
    client: createClient({
      baseUrl: server?.url ?? '',
      auth: keyAuth(account.identity.secretKey),
      retries: 0,
    }),
  };
}

/** Notification emails (not receipts nor the verification code) to `address`. */
const mails = (address: string) =>
  sink.to(address).filter((message) => message.messageId?.endsWith('@notifications.decent-cloud>'));

/** Waits until every delivery of the renter and every notification email of it is finished. */
async function allDone(username: string, deliveries: number) {
  return until(
    'every delivery and notification email finished',
    async () => {
      const rows = await deliveriesOf(db.db, username);
      if (rows.length < deliveries) return undefined;
      if (rows.some((row) => row.status === 'pending' || row.status === 'sending'))
        return undefined;
      const open = await db.db
        .selectFrom('mail_outbox')
        .select('id')
        .where('template', '=', 'notification')
        .where('status', '=', 'pending')
        .execute();
      return open.length === 0 ? rows : undefined;
    },
    90_000,
  );
}

describe('notifications across a killed server process', () => {
  it('reach Telegram, the SMTP server and (per id) the webhook exactly once', async () => {
    server = await startServerProcess(env());
    const admin = clientOf();
    await registerAccount(admin.client, { body: { username: adminName } });
    const provider = await newProvider({ clientFor: clientOf } as unknown as TestServer);
    const renterClient = clientOf();
    const renterName = unique('renter');
    await registerAccount(renterClient.client, { body: { username: renterName } });
    const renter: TestAccount = { ...renterClient, username: renterName };
    const email = `${renterName}@example.com`;
    await updateMe(renter.client, { body: { email } });
    const codeMail = await until('the verification code', () => sink.to(email)[0]);
    await verifyEmail(renter.client, {
      body: { code: /^\s+([0-9]{6})\s*$/m.exec(codeMail.raw)?.[1] ?? '' },
    });
    await setChatInDatabase(db.db, renter.username, CHAT);
    const { secret } = await createNotificationWebhook(renter.client, {
      body: { url: receiver.url },
    });
    await createWalletAdjustment(admin.client, {
      body: {
        username: renterName,
        currency: 'USD',
        amount: 50_000,
        reason: 'test funds',
        idempotency_key: `fund-${process.pid}-notify-crash`,
      },
    });
    const offering = await usdOffering(provider, { name: 'Crash VM' });

    /** A rejected rental: "rejected" and "refund issued" to the renter, in one transaction. */
    async function rejectedRental(): Promise<string> {
      const contract = await rent(on(renter), offering, 24);
      await rejectContract(on(provider).client, { id: contract.id, body: { reason: 'full' } });
      return contract.id;
    }

    // 1. Telegram: killed inside the call, after Telegram processed the message.
    telegram.holdNext = 1;
    await rejectedRental();
    await until('Telegram to get the first message', () => telegram.sent[0]);
    const held = await deliveriesOf(db.db, renterName);
    const heldTelegram = held.filter((row) => row.channel === 'telegram');
    // One mid-call, the other claimed (its attempt counted) but not yet sent.
    expect(heldTelegram.map((row) => [row.status, row.attempts]).sort()).toEqual([
      ['pending', 1],
      ['sending', 1],
    ]);
    await kill(server);
    server = await startServerProcess(env());
    let rows = await allDone(renterName, 6);
    const abandoned = rows.find((row) => row.channel === 'telegram' && row.status === 'failed');
    expect(abandoned?.last_error).toMatch(/^Outcome unknown/);
    expect(rows.filter((row) => row.status === 'sent')).toHaveLength(5);
    const firstIds = [...new Set(rows.map((row) => row.notification_id))];
    expect(firstIds).toHaveLength(2);
    expect(
      telegram
        .to(CHAT)
        .map((m) => m.text.split('\n')[0])
        .sort(),
    ).toEqual(['Refund issued: 0.33 USD', 'Rental request rejected: Crash VM']);
    await until('both emails', () => (mails(email).length >= 2 ? true : undefined));
    expect(
      mails(email)
        .map((m) => m.subject)
        .sort(),
    ).toEqual(['Refund issued: 0.33 USD', 'Rental request rejected: Crash VM']);
    expect(receiver.requests.map((r) => r.id).sort()).toEqual([...firstIds].sort());

    // 2. Webhook: killed while the receiver holds a POST it already read.
    receiver.holdNext = 1;
    await rejectedRental();
    await until('the receiver to hold a POST', () => receiver.requests[2]);
    const heldId = receiver.requests[2]?.id;
    await kill(server);
    server = await startServerProcess(env());
    rows = await allDone(renterName, 12);
    expect(rows.filter((row) => row.status === 'sent')).toHaveLength(11);
    const secondIds = [...new Set(rows.map((r) => r.notification_id))].filter(
      (id) => !firstIds.includes(id),
    );
    expect(secondIds).toHaveLength(2);
    // The held one again with the same id; a receiver deduping on it keeps one of each.
    const second = receiver.requests.slice(2);
    expect(second.filter((r) => r.id === heldId)).toHaveLength(2);
    expect(second.length).toBe(3);
    expect(
      receiver
        .distinct()
        .map((r) => r.id)
        .sort(),
    ).toEqual([...firstIds, ...secondIds].sort());
    for (const request of second) {
      const signedAt = Number(/t=([0-9]+)/.exec(request.signature ?? '')?.[1]);
      expect(receiverVerifies(secret, request.signature, request.body, signedAt)).toBe(true);
    }
    expect(telegram.to(CHAT)).toHaveLength(4);
    await until('four emails', () => (mails(email).length >= 4 ? true : undefined));

    // 3. Email: killed while the SMTP server holds a message it never acknowledged.
    // The rental's receipt goes out first, so the message held is a notification.
    const receipts = () => sink.to(email).filter((m) => m.subject?.startsWith('Receipt'));
    const receiptsBefore = receipts().length;
    const third = await rent(on(renter), offering, 24);
    await until("the third rental's receipt", () => receipts()[receiptsBefore]);
    sink.holdData = true;
    await rejectContract(on(provider).client, { id: third.id, body: { reason: 'full' } });
    const heldMail = await until('the SMTP server to hold a message', () => sink.held[0]);
    // Only the mail worker is mid-send: the notification worker has handed everything on.
    await until('the deliveries to finish', async () => {
      const open = (await deliveriesOf(db.db, renterName)).filter(
        (row) => row.status === 'pending' || row.status === 'sending',
      );
      return open.length === 0 ? true : undefined;
    });
    await kill(server);
    sink.holdData = false;
    expect(mails(email)).toHaveLength(4);
    server = await startServerProcess(env());
    rows = await allDone(renterName, 18);
    await until('six emails', () => (mails(email).length >= 6 ? true : undefined));
    expect(rows.filter((row) => row.status === 'sent')).toHaveLength(17);
    expect(telegram.to(CHAT)).toHaveLength(6);
    expect(receiver.distinct()).toHaveLength(6);
    const messageIds = mails(email).map((m) => m.messageId);
    expect(new Set(messageIds).size).toBe(6);
    expect(messageIds).toContain(heldMail.messageId);
    server.child.kill('SIGTERM');
    await server.exited;
  }, 300_000);
});
