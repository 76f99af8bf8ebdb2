// The events of trust.md §5 reach the in-app inbox in the transaction of their cause, and the
// inbox lists them (cursor pages, unread count) and marks them read.

import {
  acceptContract,
  createTelegramLink,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  rejectContract,
} from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueNotification } from '../../src/notifications/enqueue';
import { type ContractWorld, contractWorld, deliver, rent, usdOffering } from '../contracts/_http';
import { problemOf } from '../offerings/_support';
import { inboxOf } from './_world';

let world: ContractWorld;
beforeAll(async () => {
  world = await contractWorld();
});
afterAll(() => world?.stop());

describe('contract events in the inbox', () => {
  it('tells the provider of a paid request and the renter of accepted, provisioned, rejected and the refund', async () => {
    const provider = await world.provider();
    const offering = await usdOffering(provider, { name: 'Tiny VM' });
    const renter = await world.account();
    await world.fund(renter, 10_000);

    const first = await rent(renter, offering, 96);
    const requested = await inboxOf(provider.client);
    expect(requested).toHaveLength(1);
    expect(requested[0]).toMatchObject({
      event: 'contract_requested',
      contract_id: first.id,
      title: 'New paid rental request: Tiny VM',
      read_at: null,
      data: { contract_id: first.id, offering_id: offering.id },
    });
    // Nothing for the renter yet: requesting is their own act.
    expect(await inboxOf(renter.client)).toHaveLength(0);

    await acceptContract(provider.client, { id: first.id });
    await deliver(world, first.id);
    const second = await rent(renter, offering, 24);
    const rejected = await rejectContract(provider.client, {
      id: second.id,
      body: { reason: 'no capacity' },
    });
    expect(rejected.refund).toBeGreaterThan(0);

    const inbox = await inboxOf(renter.client);
    expect(inbox.map((n) => [n.event, n.contract_id])).toEqual([
      ['refund_issued', second.id],
      ['contract_rejected', second.id],
      ['contract_provisioned', first.id],
      ['contract_accepted', first.id],
    ]);
    const refund = inbox[0];
    expect(refund?.data).toMatchObject({
      amount: rejected.refund + rejected.refund_vat,
      currency: 'USD',
    });
    expect(refund?.title).toMatch(/^Refund issued: [0-9.]+ USD$/);
    expect(inbox[2]?.body).toContain(`/v1/contracts/${first.id}/credentials`);
    // The provider got a second paid request and nothing about the renter's side.
    expect((await inboxOf(provider.client)).map((n) => n.event)).toEqual([
      'contract_requested',
      'contract_requested',
    ]);
  });

  it('records one entry for an occurrence enqueued twice', async () => {
    const account = await world.account();
    const row = await world.server.database.db
      .selectFrom('accounts')
      .select('id')
      .where('username', '=', account.username)
      .executeTakeFirstOrThrow();
    const input = {
      accountId: row.id,
      event: 'sla_breach' as const,
      title: 'Reply overdue',
      body: 'A renter waits.',
      dedupeKey: 'sla_breach:test-occurrence',
    };
    await world.server.database.db.transaction().execute(async (trx) => {
      await enqueueNotification(trx, input);
      await enqueueNotification(trx, input);
    });
    await enqueueNotification(world.server.database.db, { ...input, title: 'Again' });
    const inbox = await inboxOf(account.client);
    expect(inbox.map((n) => n.title)).toEqual(['Reply overdue']);
  });
});

describe('the inbox', () => {
  it('pages newest first with a stable cursor, counts unread, marks one and all read', async () => {
    const account = await world.account();
    const { id } = await world.server.database.db
      .selectFrom('accounts')
      .select('id')
      .where('username', '=', account.username)
      .executeTakeFirstOrThrow();
    for (let i = 1; i <= 5; i++) {
      await enqueueNotification(world.server.database.db, {
        accountId: id,
        event: 'message_received',
        title: `Message ${i}`,
        body: `Body ${i}`,
        dedupeKey: `message_received:test:${i}`,
        at: world.clock.now(),
      });
    }
    const first = await listNotifications(account.client, { limit: 2 });
    expect(first.items.map((n) => n.title)).toEqual(['Message 5', 'Message 4']);
    expect(first.unread_count).toBe(5);
    expect(first.next_cursor).not.toBeNull();
    // An entry arriving between pages does not shift the next page.
    await enqueueNotification(world.server.database.db, {
      accountId: id,
      event: 'message_received',
      title: 'Message 6',
      body: 'Body 6',
      dedupeKey: 'message_received:test:6',
    });
    const second = await listNotifications(account.client, {
      limit: 2,
      cursor: first.next_cursor ?? '',
    });
    expect(second.items.map((n) => n.title)).toEqual(['Message 3', 'Message 2']);
    const third = await listNotifications(account.client, {
      limit: 2,
      cursor: second.next_cursor ?? '',
    });
    expect(third.items.map((n) => n.title)).toEqual(['Message 1']);
    expect(third.next_cursor).toBeNull();

    const target = first.items[1];
    if (target === undefined) throw new Error('no entry');
    const read = await markNotificationRead(account.client, { id: target.id });
    expect(read.read_at).toBe(world.clock.now().toISOString());
    world.clock.advance(1);
    // Marking again keeps the first read time.
    expect((await markNotificationRead(account.client, { id: target.id })).read_at).toBe(
      read.read_at,
    );
    const unread = await listNotifications(account.client, { unread_only: 'true' });
    expect(unread.unread_count).toBe(5);
    expect(unread.items.map((n) => n.title)).not.toContain('Message 4');

    // Another account cannot see or mark it.
    const stranger = await world.account();
    const problem = await problemOf(markNotificationRead(stranger.client, { id: target.id }));
    expect([problem.status, problem.code]).toEqual([404, 'not_found']);
    expect((await listNotifications(stranger.client, {})).items).toEqual([]);

    expect(await markAllNotificationsRead(account.client, {})).toEqual({ marked: 5 });
    expect(await markAllNotificationsRead(account.client, {})).toEqual({ marked: 0 });
    const after = await listNotifications(account.client, {});
    expect(after.unread_count).toBe(0);
    expect(after.items.every((n) => n.read_at !== null)).toBe(true);
  });

  it('refuses a cursor it did not hand out', async () => {
    const account = await world.account();
    const problem = await problemOf(listNotifications(account.client, { cursor: 'abc' }));
    expect([problem.status, problem.code]).toEqual([400, 'invalid_parameter']);
  });

  it('offers no Telegram when the platform has no bot configured', async () => {
    const account = await world.account();
    const problem = await problemOf(createTelegramLink(account.client, {}));
    expect([problem.status, problem.code]).toEqual([409, 'telegram_unavailable']);
  });
});
