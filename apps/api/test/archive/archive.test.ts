import {
  getContract,
  getContractTimeline,
  getWallet,
  listContracts,
  listWalletLedger,
} from '@dc/client';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveContracts } from '../../src/archive/archive-contracts';
import { runSweeps } from '../../src/sweeps/run-sweeps';
import { sweepSettings } from '../../src/sweeps/settings';
import { type ContractWorld, contractWorld, HOUR, rent, usdOffering } from '../contracts/_http';
import type { TestAccount } from '../offerings/_support';
import { ENGINES } from '../support/databases';

const DAY = 24 * HOUR;
const settings = sweepSettings({
  DC_REQUEST_TIMEOUT_HOURS: 24,
  DC_UNPAID_TIMEOUT_MINUTES: 60,
  DC_PROVISIONING_TIMEOUT_MINUTES: 60,
  DC_DELIVERY_GRACE_MINUTES: 30,
  DC_ARCHIVE_AFTER_DAYS: 90,
});

describe.each(ENGINES)('contract archival on %s', (engine) => {
  let world: ContractWorld;
  let provider: TestAccount;
  beforeAll(async () => {
    world = await contractWorld({}, { engine });
    provider = await world.provider();
  });
  afterAll(() => world?.stop());

  const db = () => world.server.database.db;
  const archive = () =>
    archiveContracts(db(), {
      now: world.clock.now(),
      archiveAfterMs: settings.archiveAfterMs,
      batchSize: settings.batchSize,
    });

  it('archives an ended contract 90 days after it ended and keeps it, its history and its money readable', async () => {
    const renter = await world.account();
    await world.fund(renter, 1000);
    const rented = await rent(renter, await usdOffering(provider), 720);

    // Nobody accepts: the request times out a day later and everything paid comes back.
    world.clock.advance(24);
    const swept = await runSweeps(db(), world.clock.now(), settings, pino({ level: 'silent' }));
    expect(swept.applied.map((s) => [s.contractId, s.event])).toContainEqual([
      rented.id,
      'request_timeout',
    ]);
    const ended = await getContract(renter.client, { id: rented.id });
    expect(ended).toMatchObject({ status: 'expired', refunded: 1000 });
    const timeline = await getContractTimeline(renter.client, { id: rented.id });
    const ledger = await listWalletLedger(renter.client, { currency: 'USD', limit: 100 });
    const wallet = await getWallet(renter.client, {});
    const refundRows = await db()
      .selectFrom('refunds')
      .selectAll()
      .where('contract_id', '=', rented.id)
      .execute();
    expect(refundRows).toHaveLength(1);

    world.clock.advance(90 * 24 - 1 / 3_600_000);
    expect(await archive()).not.toContain(rented.id);
    world.clock.advance(1 / 3_600_000);
    const archivedAt = world.clock.now();
    expect(archivedAt.getTime() - Date.parse(ended.ended_at ?? '')).toBe(90 * DAY);
    expect(await archive()).toContain(rented.id);
    // A second run (or another instance) finds nothing left to archive.
    expect(await archive()).not.toContain(rented.id);
    const row = await db()
      .selectFrom('contracts')
      .select('archived_at')
      .where('id', '=', rented.id)
      .executeTakeFirstOrThrow();
    expect(row.archived_at).toEqual(archivedAt);

    // Both parties still read it over HTTP, exactly as before but for the archive date.
    const archivedView = { ...ended, archived_at: archivedAt.toISOString() };
    expect(ended.archived_at).toBeNull();
    expect(await getContract(renter.client, { id: rented.id })).toEqual(archivedView);
    expect(await getContract(provider.client, { id: rented.id })).toEqual(archivedView);
    // Lists leave it out unless asked for.
    const ids = async (archived?: 'include' | 'only') =>
      (
        await listContracts(renter.client, { limit: 100, ...(archived ? { archived } : {}) })
      ).items.map((c) => c.id);
    expect(await ids()).not.toContain(rented.id);
    expect(await ids('include')).toContain(rented.id);
    expect(await ids('only')).toEqual([rented.id]);
    expect(await getContractTimeline(renter.client, { id: rented.id })).toEqual(timeline);
    expect(await getContractTimeline(provider.client, { id: rented.id })).toEqual(timeline);
    expect(timeline.items.map((e) => e.event)).toEqual(['request', 'request_timeout']);
    // Ledger, balance and refund untouched.
    expect(await listWalletLedger(renter.client, { currency: 'USD', limit: 100 })).toEqual(ledger);
    expect(await getWallet(renter.client, {})).toEqual(wallet);
    expect(
      await db().selectFrom('refunds').selectAll().where('contract_id', '=', rented.id).execute(),
    ).toEqual(refundRows);
  });

  it('never archives a live contract, however old', async () => {
    const renter = await world.account();
    await world.fund(renter, 1000);
    // Only the archival runs here (no sweep), long past the retention period: the request is
    // still live, so it stays where it is.
    const rented = await rent(renter, await usdOffering(provider), 720);
    world.clock.advance(400 * 24);
    expect(await archive()).not.toContain(rented.id);
    const row = await db()
      .selectFrom('contracts')
      .select(['status', 'archived_at'])
      .where('id', '=', rented.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'requested', archived_at: null });
  });
});
