// The webhook channel's daily quota (trust.md §5: 200 a day on the free tier): 200 POSTs, the
// rest dropped with one in-app notice per day, every send and drop metered in the ledger, and a
// fresh quota the next UTC day. On both engines: the last units are contended by concurrent
// workers (the Telegram quota has the same test in quota.test.ts).

import { createNotificationWebhook, getNotificationQuotas } from '@dc/client';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { enqueueNotification } from '../../src/notifications/enqueue';
import { notificationRun } from '../../src/notifications/start-worker';
import { deliverDueNotifications } from '../../src/notifications/worker';
import { type ContractWorld, contractWorld } from '../contracts/_http';
import { until } from '../mail/smtp-sink';
import type { TestAccount } from '../offerings/_support';
import { ENGINES } from '../support/server';
import { WebhookReceiver } from './_webhook-receiver';
import { accountId, deliveriesOf, inboxOf } from './_world';

const LOOPBACK = { DC_NOTIFY_WEBHOOK_ALLOW_HTTP_LOOPBACK: 'true' };

describe.each(ENGINES)('the webhook quota on %s', (engine) => {
  const receiver = new WebhookReceiver();
  let world: ContractWorld;

  beforeAll(async () => {
    await receiver.start();
    world = await contractWorld(
      { ...LOOPBACK, DC_NOTIFY_INTERVAL_MS: '100' },
      { engine, start: new Date('2026-03-01T09:00:00Z') },
    );
  });
  afterAll(async () => {
    await world?.stop();
    await receiver.stop();
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
    const config = loadConfig({ ...LOOPBACK, DC_DATA_DIR: world.server.dataDir });
    const run = notificationRun(config, world.clock.now, pino({ level: 'silent' }));
    return Promise.all([1, 2, 3].map(() => deliverDueNotifications(world.server.database.db, run)));
  }

  /** The account's webhook deliveries once `count` exist and none is pending. */
  async function webhookSettled(account: TestAccount, count: number) {
    return until(
      `${count} finished webhook deliveries`,
      async () => {
        const rows = (await deliveriesOf(world.server.database.db, account.username)).filter(
          (row) => row.channel === 'webhook',
        );
        const open = rows.filter((row) => row.status === 'pending' || row.status === 'sending');
        return rows.length >= count && open.length === 0 ? rows : undefined;
      },
      120_000,
    );
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

  const received = (account: string) =>
    receiver.distinct().filter((r) => r.body.includes(`"title":"Message ${account}-`));

  it('POSTs 200 webhooks a day, drops the rest with one inbox notice and meters all', async () => {
    const account = await world.account();
    await createNotificationWebhook(account.client, { body: { url: receiver.url } });
    const tag = `${engine}-a`;
    await burst(account, 203, tag);
    await concurrentWorkers();
    const rows = await webhookSettled(account, 203);
    expect(rows.filter((r) => r.status === 'sent')).toHaveLength(200);
    const dropped = rows.filter((r) => r.status === 'dropped');
    expect(dropped).toHaveLength(3);
    expect(dropped[0]?.last_error).toContain('quota');
    expect(received(tag)).toHaveLength(200);
    expect(await meter(account)).toEqual([
      ['2026-03-01', 'webhook', 'dropped_over_quota', 3],
      ['2026-03-01', 'webhook', 'sent', 200],
    ]);
    const notices = (await inboxOf(account.client)).filter((n) => n.event === 'quota_exceeded');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      title: 'Webhook notifications paused for today: daily quota reached',
      data: { channel: 'webhook', day: '2026-03-01', limit: 200 },
    });
    const quotas = await getNotificationQuotas(account.client, {});
    expect(quotas.day).toBe('2026-03-01');
    expect(quotas.channels.find((c) => c.channel === 'webhook')).toEqual({
      channel: 'webhook',
      limit: 200,
      free: 200,
      paid: 0,
      used: 200,
      dropped: 3,
    });

    // More drops the same day: still one notice, nothing more POSTed.
    await burst(account, 2, `${engine}-b`);
    await webhookSettled(account, 205);
    expect(received(`${engine}-b`)).toHaveLength(0);
    expect(
      (await inboxOf(account.client)).filter((n) => n.event === 'quota_exceeded'),
    ).toHaveLength(1);

    // The next UTC day has a fresh quota.
    world.clock.advance(15);
    await burst(account, 1, `${engine}-c`);
    await webhookSettled(account, 206);
    expect(received(`${engine}-c`)).toHaveLength(1);
    expect(await meter(account)).toEqual([
      ['2026-03-01', 'webhook', 'dropped_over_quota', 5],
      ['2026-03-01', 'webhook', 'sent', 200],
      ['2026-03-02', 'webhook', 'sent', 1],
    ]);
  }, 240_000);
});
