import { cancelContract, getContract, getMyEarnings, listMyEarnings } from '@dc/client';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { sweepSettings } from '../../src/sweeps/settings';
import { startSweeper } from '../../src/sweeps/sweeper';
import { type ContractWorld, contractWorld } from '../contracts/_http';
import { problemOf } from '../offerings/_support';
import {
  accrue,
  deliveredContract,
  entriesOf,
  type Seller,
  seller,
  specSettlement,
  usdBalance,
} from './_world';

const FEE_BPS = 1000n; // 10 %

/** Every minor unit of an entry's contract accounted for (contracts.md §4). */
function conserved(entry: {
  earned_to_date: number;
  platform_fee_to_date: number;
  lost_to_date: number;
  refundable: number;
  refunded: number;
  paid: number;
}): boolean {
  return (
    entry.earned_to_date +
      entry.platform_fee_to_date +
      entry.lost_to_date +
      entry.refundable +
      entry.refunded ===
    entry.paid
  );
}

describe('earnings accrue as service is consumed, net of the platform fee', () => {
  let world: ContractWorld;
  let provider: Seller;
  beforeAll(async () => {
    world = await contractWorld({ DC_PLATFORM_FEE_BPS: String(FEE_BPS) });
    provider = await seller(world);
  });
  afterAll(() => world?.stop());

  it('conserves every cent when delivered, mid-term and after a cancel with refund, as the spec computes', async () => {
    const { renter, contract } = await deliveredContract(world, provider);
    // Delivered: nothing consumed yet, so nothing is earned or booked.
    await accrue(world, FEE_BPS);
    expect(await entriesOf(provider, contract.id)).toEqual([]);

    world.clock.advance(1);
    await accrue(world, FEE_BPS);
    const early = specSettlement(1000n, 720n, 1n, FEE_BPS); // refund 998, consumed 2, fee 0
    let entries = await entriesOf(provider, contract.id);
    expect(entries.map((e) => [e.seq, e.earned_to_date, e.platform_fee_to_date])).toEqual([
      [1, Number(early.earned), Number(early.fee)],
    ]);
    expect(entries[0]).toMatchObject({ paid: 1000, refunded: 0, refundable: 998, final: false });
    expect(conserved(entries[0] ?? ({} as never))).toBe(true);

    // Mid-term, t0 + 100 h: the spec's worked example, consumed 139, fee 13.9 -> 14, earned 125.
    world.clock.advance(99);
    await accrue(world, FEE_BPS);
    const mid = specSettlement(1000n, 720n, 100n, FEE_BPS);
    expect([mid.refundable, mid.consumed, mid.fee, mid.earned]).toEqual([861n, 139n, 14n, 125n]);
    entries = await entriesOf(provider, contract.id);
    expect(entries.at(-1)).toMatchObject({
      seq: 2,
      paid: 1000,
      refunded: 0,
      refundable: 861,
      consumed_to_date: 139,
      platform_fee_to_date: 14,
      earned_to_date: 125,
      consumed: 139 - 2,
      amount: 125 - Number(early.earned),
    });

    // An accrual before the hour is up books nothing more.
    world.clock.advance(0.5);
    await accrue(world, FEE_BPS);
    expect(await entriesOf(provider, contract.id)).toHaveLength(2);

    // Cancel at t0 + 200 h: the renter gets the unused 520 h back; the contract's final accrual.
    world.clock.advance(99.5);
    const cancelled = await cancelContract(renter.client, { id: contract.id, body: {} });
    const end = specSettlement(1000n, 720n, 200n, FEE_BPS); // refund 722, consumed 278, fee 28
    expect(cancelled.refund).toBe(Number(end.refundable));
    await accrue(world, FEE_BPS);
    entries = await entriesOf(provider, contract.id);
    expect(entries.at(-1)).toMatchObject({
      seq: 3,
      paid: 1000,
      refunded: Number(end.refundable),
      refundable: 0,
      consumed_to_date: Number(end.consumed),
      platform_fee_to_date: Number(end.fee),
      earned_to_date: Number(end.earned),
      final: true,
    });
    expect(entries.every(conserved)).toBe(true);
    // The ledger's changes add up to the final settlement.
    expect(entries.reduce((sum, e) => sum + e.amount, 0)).toBe(Number(end.earned));
    expect(entries.reduce((sum, e) => sum + e.platform_fee, 0)).toBe(Number(end.fee));
    expect((await getContract(renter.client, { id: contract.id })).refunded).toBe(
      Number(end.refundable),
    );

    // Time after the end is not consumed: later passes book nothing.
    world.clock.advance(500);
    await accrue(world, FEE_BPS);
    expect(await entriesOf(provider, contract.id)).toHaveLength(3);
    expect(await usdBalance(provider)).toMatchObject({
      earned: Number(end.earned),
      platform_fee: Number(end.fee),
      paid_out: 0,
      in_flight: 0,
      held: 0,
      payable: Number(end.earned),
      owed: 0,
      last_accrued_at: entries.at(-1)?.accrued_at,
    });
  });

  it('a setup fee is earned at delivery, net of the same fee', async () => {
    const withSetup = await seller(world, { setupFee: 500 });
    const { contract } = await deliveredContract(world, withSetup);
    world.clock.advance(100);
    await accrue(world, FEE_BPS);
    const time = specSettlement(1000n, 720n, 100n, FEE_BPS);
    const setupFee = (500n * FEE_BPS * 2n + 10_000n) / 20_000n; // 50
    const [entry] = await entriesOf(withSetup, contract.id);
    expect(entry).toMatchObject({
      paid: 1500,
      refundable: Number(time.refundable),
      consumed_to_date: Number(time.consumed) + 500,
      platform_fee_to_date: Number(time.fee + setupFee),
      earned_to_date: Number(time.earned + 500n - setupFee),
    });
    expect(conserved(entry ?? ({} as never))).toBe(true);
  });

  it("keeps a contract's fee as it was at its first accrual when the setting changes", async () => {
    const { contract } = await deliveredContract(world, provider);
    world.clock.advance(100);
    await accrue(world, FEE_BPS);
    world.clock.advance(100);
    await accrue(world, 5000n); // as if DC_PLATFORM_FEE_BPS had been raised to 50 %
    const entries = await entriesOf(provider, contract.id);
    const at200 = specSettlement(1000n, 720n, 200n, FEE_BPS);
    expect(entries.at(-1)).toMatchObject({
      consumed_to_date: Number(at200.consumed),
      platform_fee_to_date: Number(at200.fee),
      earned_to_date: Number(at200.earned),
    });
  });

  it('the sweeper accrues on its first run, with the configured fee', async () => {
    const { contract } = await deliveredContract(world, provider);
    world.clock.advance(100);
    const config = loadConfig({ DC_PLATFORM_FEE_BPS: String(FEE_BPS) });
    const sweeper = startSweeper({
      db: world.server.database.db,
      now: world.clock.now,
      settings: sweepSettings(config),
      log: pino({ level: 'silent' }),
      earnings: { feeBps: BigInt(config.DC_PLATFORM_FEE_BPS) },
      intervalMs: 60_000,
    });
    await sweeper.stop(); // waits for the run the start began
    const entries = await entriesOf(provider, contract.id);
    expect(entries.map((e) => [e.seq, e.earned_to_date, e.platform_fee_to_date])).toEqual([
      [1, 125, 14],
    ]);
  });

  it('a provider sees only their own earnings; renters are refused', async () => {
    const other = await seller(world);
    expect((await getMyEarnings(other.client, {})).balances).toEqual([]);
    expect((await listMyEarnings(other.client, {})).items).toEqual([]);
    const renter = await world.account();
    const refused = await problemOf(getMyEarnings(renter.client, {}));
    expect(refused.status).toBe(403);
  });
});

describe('DC_PLATFORM_FEE_BPS', () => {
  it('defaults to 0 and accepts 0..10000 only', () => {
    expect(loadConfig({}).DC_PLATFORM_FEE_BPS).toBe(0);
    expect(loadConfig({ DC_PLATFORM_FEE_BPS: '10000' }).DC_PLATFORM_FEE_BPS).toBe(10_000);
    for (const bad of ['10001', '-1', '2.5', 'ten']) {
      expect(() => loadConfig({ DC_PLATFORM_FEE_BPS: bad })).toThrow(/DC_PLATFORM_FEE_BPS=/);
    }
  });
});

describe('with the default platform fee (0)', () => {
  let world: ContractWorld;
  beforeAll(async () => {
    world = await contractWorld();
  });
  afterAll(() => world?.stop());

  it('the provider earns everything consumed', async () => {
    const provider = await seller(world);
    const { contract } = await deliveredContract(world, provider);
    world.clock.advance(100);
    await accrue(world, BigInt(loadConfig({}).DC_PLATFORM_FEE_BPS));
    const [entry] = await entriesOf(provider, contract.id);
    expect(entry).toMatchObject({
      consumed_to_date: 139,
      platform_fee_to_date: 0,
      earned_to_date: 139,
    });
  });
});
