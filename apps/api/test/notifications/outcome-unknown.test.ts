// Telegram is at most once (no idempotency key), so a send whose outcome is unknown is given up,
// never repeated. Nothing is lost: the inbox gets one notice per such delivery (an entry of the
// event it was about, `data.notice = "delivery_outcome_unknown"`), in the transaction that gives
// the delivery up.
// 1. A real server PROCESS is SIGKILLed after the row was marked `sending` but before the
//    request reached Telegram (a gate in front of the fake holds it): Telegram never gets it.
// 2. A call that times out (the gate holds it past DC_NOTIFY_TIMEOUT_MS) is not repeated either.
// On PostgreSQL, like the other crash suite.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Client,
  createClient,
  createWalletAdjustment,
  keyAuth,
  registerAccount,
  rejectContract,
} from '@dc/client';
import { generateIdentity } from '@dc/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connect';
import { rent, usdOffering } from '../contracts/_http';
import { until } from '../mail/smtp-sink';
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
import { accountId, deliveriesOf, inboxOf } from './_world';

/**
 * The network between the API and Telegram: forwards each call to the fake, except that it
 * holds the next `holdNext` sendMessage requests without forwarding them (they never reach
 * Telegram).
 */
class TelegramGate {
  holdNext = 0;
  /** Request bodies held (never forwarded). */
  readonly held: string[] = [];
  private readonly responses: ServerResponse[] = [];
  private readonly server: Server;
  private port = 0;

  constructor(private readonly upstream: () => string) {
    this.server = createServer((request, response) => {
      void this.handle(request, response);
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const response of this.responses) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    // Only messages are held; the bot's other calls (getMe, the getUpdates long poll) go on.
    if (this.holdNext > 0 && request.url?.endsWith('/sendMessage') === true) {
      this.holdNext -= 1;
      this.held.push(body);
      this.responses.push(response);
      return;
    }
    const answer = await fetch(`${this.upstream()}${request.url ?? '/'}`, {
      method: request.method ?? 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    response.end(await answer.text());
  }
}

const telegram = new FakeTelegram();
const gate = new TelegramGate(() => telegram.env()['DC_TELEGRAM_API_URL'] ?? '');
let database: TestDatabase;
let db: DatabaseHandle;
let server: ServerProcess | undefined;
const adminName = unique('admin');
const CHAT = '990077';

function env(): Record<string, string> {
  return {
    ...database.env,
    ...telegram.env(),
    DC_TELEGRAM_API_URL: gate.url,
    DC_ADMIN_USERNAMES: adminName,
    DC_LOG_LEVEL: 'info',
    DC_NOTIFY_INTERVAL_MS: '200',
    // A claim of the killed process ends 8 s after it was taken (timeout 3 s + 5 s).
    DC_NOTIFY_LEASE_SECONDS: '2',
    DC_NOTIFY_TIMEOUT_MS: '3000',
  };
}

beforeAll(async () => {
  await Promise.all([telegram.start(), gate.start()]);
  ({ database, db } = await openCrashDatabase());
});
afterAll(async () => {
  await kill(server);
  await closeCrashDatabase(database, db);
  await Promise.all([gate.stop(), telegram.stop()]);
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

/** The account's Telegram deliveries once `count` exist and none is pending or mid-send. */
async function telegramSettled(username: string, count: number) {
  return until(
    `${count} finished Telegram deliveries`,
    async () => {
      const rows = (await deliveriesOf(db.db, username)).filter((r) => r.channel === 'telegram');
      const open = rows.filter((row) => row.status === 'pending' || row.status === 'sending');
      return rows.length >= count && open.length === 0 ? rows : undefined;
    },
    60_000,
  );
}

/** The account's inbox notices that a Telegram message may not have arrived. */
async function unknownOutcomeNotices(account: TestAccount) {
  return (await inboxOf(on(account).client)).filter(
    (item) => item.data['notice'] === 'delivery_outcome_unknown',
  );
}

describe('Telegram sends with an unknown outcome', () => {
  it('are not repeated, and the inbox gets one notice each with the event it was about', async () => {
    server = await startServerProcess(env());
    const admin = clientOf();
    await registerAccount(admin.client, { body: { username: adminName } });
    const provider = await newProvider({ clientFor: clientOf } as unknown as TestServer);
    const renterClient = clientOf();
    const renterName = unique('renter');
    await registerAccount(renterClient.client, { body: { username: renterName } });
    const renter: TestAccount = { ...renterClient, username: renterName };
    // The chat is set in the database: this suite is about the worker, not about linking.
    const now = new Date();
    await db.db
      .insertInto('notification_telegram')
      .values({
        account_id: await accountId(db.db, renterName),
        chat_id: CHAT,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await createWalletAdjustment(admin.client, {
      body: {
        username: renterName,
        currency: 'USD',
        amount: 50_000,
        reason: 'test funds',
        idempotency_key: `fund-${process.pid}-notify-unknown`,
      },
    });
    const offering = await usdOffering(provider, { name: 'Unknown VM' });

    /** A rejected rental: "rejected" and "refund issued" to the renter, in one transaction. */
    async function rejectedRental(): Promise<string> {
      const contract = await rent(on(renter), offering, 24);
      await rejectContract(on(provider).client, { id: contract.id, body: { reason: 'full' } });
      return contract.id;
    }

    // 1. Killed after `sending` was committed, before the request reached Telegram.
    gate.holdNext = 1;
    const firstContract = await rejectedRental();
    await until('the gate to hold the first Telegram call', () => gate.held[0]);
    const during = (await deliveriesOf(db.db, renterName)).filter((r) => r.channel === 'telegram');
    expect(during.map((row) => row.status).sort()).toEqual(['pending', 'sending']);
    const lost = during.find((row) => row.status === 'sending');
    if (lost === undefined) throw new Error('no Telegram delivery mid-send');
    await kill(server);
    expect(telegram.sent).toHaveLength(0);
    server = await startServerProcess(env());
    let rows = await telegramSettled(renterName, 2);
    const abandoned = rows.find((row) => row.id === lost.id);
    expect(abandoned?.status).toBe('failed');
    expect(abandoned?.last_error).toMatch(/^Outcome unknown/);
    expect(rows.filter((row) => row.status === 'sent')).toHaveLength(1);
    // Telegram got the other message only: nothing for the interrupted one, and no repeat.
    const [heldText] = gate.held.map((body) => (JSON.parse(body) as { text: string }).text);
    expect(telegram.to(CHAT)).toHaveLength(1);
    expect(telegram.sent.map((m) => m.text)).not.toContain(heldText);
    let notices = await unknownOutcomeNotices(renter);
    expect(notices).toHaveLength(1);
    const [notice] = notices;
    expect(notice?.contract_id).toBe(firstContract);
    expect(notice?.event).toBe(lost.event);
    expect(notice?.data).toMatchObject({
      notice: 'delivery_outcome_unknown',
      channel: 'telegram',
      delivery_id: lost.id,
      notification_id: lost.notification_id,
    });
    const about = await db.db
      .selectFrom('notifications')
      .select(['title', 'body'])
      .where('id', '=', lost.notification_id)
      .executeTakeFirstOrThrow();
    expect(notice?.title).toBe(`Telegram message may not have arrived: ${about.title}`);
    expect(notice?.body).toContain(about.body);
    expect(heldText).toBe(`${about.title}\n\n${about.body}`);

    // Once: the row found `sending` again (as if a second worker raced the first to give it up)
    // is given up again, and the inbox still has one notice for it.
    await db.db
      .updateTable('notification_deliveries')
      .set({ status: 'sending', available_at: new Date(Date.now() - 1000) })
      .where('id', '=', lost.id)
      .execute();
    await telegramSettled(renterName, 2);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await unknownOutcomeNotices(renter)).toHaveLength(1);
    expect(telegram.to(CHAT)).toHaveLength(1);

    // 2. A call that times out: not repeated either, and one notice.
    gate.holdNext = 1;
    const secondContract = await rejectedRental();
    await until('the gate to hold the second Telegram call', () => gate.held[1]);
    rows = await telegramSettled(renterName, 4);
    const timedOut = rows.filter(
      (row) => row.status === 'failed' && row.id !== lost.id && row.channel === 'telegram',
    );
    expect(timedOut).toHaveLength(1);
    expect(timedOut[0]?.last_error).toMatch(/^Outcome unknown, not sent again/);
    expect(telegram.to(CHAT)).toHaveLength(2);
    notices = await unknownOutcomeNotices(renter);
    expect(notices).toHaveLength(2);
    const second = notices.find((n) => n.contract_id === secondContract);
    expect(second?.event).toBe(timedOut[0]?.event);
    expect(second?.data).toMatchObject({ delivery_id: timedOut[0]?.id });
    server.child.kill('SIGTERM');
    await server.exited;
  }, 180_000);
});
