// Daily quotas per account and channel (Telegram 50, webhook 200, email unlimited, SMS 0), one
// metering ledger row per send or drop, one in-app notice per channel and day for drops, and
// paid tiers bought once from the wallet under retried and concurrent requests. On both
// engines: the quota's last unit is contended by concurrent workers.

import {
  buyNotificationTier,
  getNotificationQuotas,
  getWallet,
  listWalletLedger,
} from '@dc/client';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { enqueueNotification } from '../../src/notifications/enqueue';
import { notificationRun } from '../../src/notifications/start-worker';
import { deliverDueNotifications } from '../../src/notifications/worker';
import { type ContractWorld, contractWorld, key } from '../contracts/_http';
import { problemOf, type TestAccount } from '../offerings/_support';
import { ENGINES } from '../support/server';
import { FakeTelegram } from './_fake-telegram';
import { accountId, inboxOf, setChatInDatabase, settled } from './_world';

describe.each(ENGINES)('quotas and paid tiers on %s', (engine) => {
  const telegram = new FakeTelegram();
  let world: ContractWorld;

  beforeAll(async () => {
    await telegram.start();
    world = await contractWorld(
      { ...telegram.env(), DC_NOTIFY_INTERVAL_MS: '100' },
      { engine, start: new Date('2026-03-01T09:00:00Z') },
    );
  });
  afterAll(async () => {
    await world?.stop();
    await telegram.stop();
  });

  /** `count` message notifications for the account, enqueued in one transaction. */
  async function burst(account: TestAccount, count: number, tag: string): Promise<void> {
    const id = await accountId(world.server.database.db, account.username);
    await world.server.database.db.transaction().execute(async (trx) => {
      for (let i = 0; i < count; i += 1) {
        await enqueueNotification(trx, {
          accountId: id,
          event: 'message_received',
          title: `Message ${tag}-${i}`,
          body: 'A new message in a contract thread.',
          dedupeKey: `message_received:${tag}:${i}`,
          at: world.clock.now(),
        });
      }
    });
  }

  /** Worker runs besides the server's own, all at once: they contend for the last units. */
  function concurrentWorkers(): Promise<unknown> {
    const config = loadConfig({ ...telegram.env(), DC_DATA_DIR: world.server.dataDir });
    const run = notificationRun(config, world.clock.now, pino({ level: 'silent' }));
    return Promise.all([1, 2, 3].map(() => deliverDueNotifications(world.server.database.db, run)));
  }

  async function meter(account: TestAccount) {
    const id = await accountId(world.server.database.db, account.username);
    return world.server.database.db
      .selectFrom('notification_meter')
      .select(['channel', 'outcome', (eb) => eb.fn.countAll<string>().as('count')])
      .select((eb) => eb.cast<string>('day', 'text').as('day'))
      .where('account_id', '=', id)
      .groupBy(['channel', 'outcome', 'day'])
      .orderBy('day')
      .orderBy('outcome')
      .execute()
      .then((rows) => rows.map((r) => [r.day, r.channel, r.outcome, Number(r.count)]));
  }

  it('sends 50 Telegram messages a day, drops the rest with one inbox notice and meters all', async () => {
    const account = await world.account();
    const chat = '777001';
    await setChatInDatabase(world.server.database.db, account.username, chat);
    await burst(account, 53, 'a');
    await concurrentWorkers();
    const rows = await settled(world.server.database.db, account.username, 53);
    expect(rows.filter((r) => r.status === 'sent')).toHaveLength(50);
    const dropped = rows.filter((r) => r.status === 'dropped');
    expect(dropped).toHaveLength(3);
    expect(dropped[0]?.last_error).toContain('quota');
    expect(telegram.to(chat)).toHaveLength(50);
    expect(await meter(account)).toEqual([
      ['2026-03-01', 'telegram', 'dropped_over_quota', 3],
      ['2026-03-01', 'telegram', 'sent', 50],
    ]);
    const notices = (await inboxOf(account.client)).filter((n) => n.event === 'quota_exceeded');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      title: 'Telegram notifications paused for today: daily quota reached',
      data: { channel: 'telegram', day: '2026-03-01', limit: 50 },
    });
    const quotas = await getNotificationQuotas(account.client, {});
    expect(quotas.day).toBe('2026-03-01');
    expect(quotas.channels).toEqual([
      { channel: 'email', limit: null, free: null, paid: 0, used: 0, dropped: 0 },
      { channel: 'telegram', limit: 50, free: 50, paid: 0, used: 50, dropped: 3 },
      { channel: 'webhook', limit: 200, free: 200, paid: 0, used: 0, dropped: 0 },
      { channel: 'sms', limit: 0, free: 0, paid: 0, used: 0, dropped: 0 },
    ]);

    // More drops the same day: still one notice.
    await burst(account, 2, 'b');
    await settled(world.server.database.db, account.username, 55);
    expect(telegram.to(chat)).toHaveLength(50);
    expect(
      (await inboxOf(account.client)).filter((n) => n.event === 'quota_exceeded'),
    ).toHaveLength(1);

    // The next UTC day has a fresh quota (and its own notice when it runs out).
    world.clock.advance(15);
    await burst(account, 1, 'c');
    await settled(world.server.database.db, account.username, 56);
    expect(telegram.to(chat)).toHaveLength(51);
    expect(await meter(account)).toEqual([
      ['2026-03-01', 'telegram', 'dropped_over_quota', 5],
      ['2026-03-01', 'telegram', 'sent', 50],
      ['2026-03-02', 'telegram', 'sent', 1],
    ]);
  });

  it('sells a tier from the wallet once under retried and concurrent requests, adding its quota', async () => {
    const account = await world.account();
    const chat = '777002';
    await setChatInDatabase(world.server.database.db, account.username, chat);
    await world.fund(account, 1_000);
    const idempotencyKey = key('tier');
    const body = { tier: 'plus', currency: 'USD', idempotency_key: idempotencyKey };
    const first = await buyNotificationTier(account.client, { body });
    const retried = await Promise.all([
      buyNotificationTier(account.client, { body }),
      buyNotificationTier(account.client, { body }),
      buyNotificationTier(account.client, { body }),
    ]);
    expect(retried.map((p) => p.id)).toEqual([first.id, first.id, first.id]);
    expect(first).toMatchObject({ tier: 'plus', currency: 'USD', price: 500 });
    expect(new Date(first.ends_at).getTime() - new Date(first.starts_at).getTime()).toBe(
      30 * 86_400_000,
    );
    const wallet = await getWallet(account.client, {});
    expect(wallet.balances.find((b) => b.currency === 'USD')?.balance).toBe(500);
    const ledger = await listWalletLedger(account.client, {});
    const debits = ledger.items.filter((e) => e.kind === 'notification_tier');
    expect(debits.map((e) => [e.amount, e.id])).toEqual([[-500, first.wallet_entry_id]]);

    const reused = await problemOf(
      buyNotificationTier(account.client, { body: { ...body, tier: 'pro' } }),
    );
    expect([reused.status, reused.code]).toEqual([409, 'idempotency_key_reused']);
    const broke = await problemOf(
      buyNotificationTier(account.client, {
        body: { tier: 'pro', currency: 'USD', idempotency_key: key('tier') },
      }),
    );
    expect([broke.status, broke.code]).toEqual([402, 'insufficient_funds']);
    for (const [tier, currency, path] of [
      ['gold', 'USD', 'body.tier'],
      ['plus', 'JPY', 'body.currency'],
    ] as const) {
      const problem = await problemOf(
        buyNotificationTier(account.client, {
          body: { tier, currency, idempotency_key: key('tier') },
        }),
      );
      expect([problem.status, problem.paths]).toEqual([422, [path]]);
    }
    expect((await getWallet(account.client, {})).balances[0]?.balance).toBe(500);

    const quotas = await getNotificationQuotas(account.client, {});
    expect(quotas.channels.find((c) => c.channel === 'telegram')).toMatchObject({
      limit: 500,
      free: 50,
      paid: 450,
    });
    expect(quotas.active_tiers.map((t) => t.id)).toEqual([first.id]);
    expect(quotas.catalogue.map((t) => t.tier)).toEqual(['plus', 'pro']);

    await burst(account, 60, 'tier');
    await concurrentWorkers();
    const rows = await settled(world.server.database.db, account.username, 60);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    expect(telegram.to(chat)).toHaveLength(60);
  });
});
