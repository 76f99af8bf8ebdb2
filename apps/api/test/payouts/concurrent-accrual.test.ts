import { listMyEarnings } from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accrueContract } from '../../src/earnings/accrue-contract';
import { runAccrual } from '../../src/earnings/run-accrual';
import { type ContractWorld, contractWorld } from '../contracts/_http';
import { deliveredContract, type Seller, seller, specSettlement } from './_world';

const FEE_BPS = 1000n;

// Always on PostgreSQL: PGlite has one connection, so its workers could never overlap.
let world: ContractWorld;
beforeAll(async () => {
  world = await contractWorld({ DC_DB_POOL_SIZE: '12' }, { engine: 'postgres' });
});
afterAll(() => world?.stop());

/** All of a provider's ledger entries. */
async function ledger(provider: Seller) {
  return (await listMyEarnings(provider.client, { limit: 100 })).items;
}

describe('concurrent accrual workers (PostgreSQL)', () => {
  it('never book the same change twice', async () => {
    const providers = [await seller(world), await seller(world)];
    const contracts: string[] = [];
    for (const provider of providers) {
      for (let i = 0; i < 4; i += 1) {
        contracts.push((await deliveredContract(world, provider)).contract.id);
      }
    }
    const db = world.server.database.db;
    for (const [round, hours] of [
      [1, 100],
      [2, 100],
    ] as const) {
      world.clock.advance(hours);
      const now = world.clock.now();
      const reports = await Promise.all(
        Array.from({ length: 6 }, () => runAccrual(db, { now, feeBps: FEE_BPS, batchSize: 3 })),
      );
      expect(reports.flatMap((r) => r.failed)).toEqual([]);
      // Each contract was accrued by exactly one worker; the others skipped or found it done.
      expect(reports.reduce((sum, r) => sum + r.accrued, 0)).toBe(contracts.length);
      const expected = specSettlement(1000n, 720n, BigInt(100 * round), FEE_BPS);
      for (const provider of providers) {
        const entries = await ledger(provider);
        expect(entries).toHaveLength(4 * round);
        const byContract = new Map<string, typeof entries>();
        for (const e of entries)
          byContract.set(e.contract_id, [...(byContract.get(e.contract_id) ?? []), e]);
        expect(byContract.size).toBe(4);
        for (const list of byContract.values()) {
          expect(list.map((e) => e.seq).sort()).toEqual(round === 1 ? [1] : [1, 2]);
          expect(list.reduce((sum, e) => sum + e.amount, 0)).toBe(Number(expected.earned));
          expect(list.reduce((sum, e) => sum + e.platform_fee, 0)).toBe(Number(expected.fee));
        }
      }
    }
  });

  it('many workers on one contract: one accrues, the others skip it', async () => {
    const provider = await seller(world);
    const { contract } = await deliveredContract(world, provider);
    world.clock.advance(100);
    const now = world.clock.now();
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () =>
        accrueContract(world.server.database.db, contract.id, { now, feeBps: FEE_BPS }),
      ),
    );
    expect(outcomes.filter((o) => o === 'accrued')).toHaveLength(1);
    expect(outcomes.every((o) => ['accrued', 'busy', 'not_due'].includes(o))).toBe(true);
    const entries = await ledger(provider);
    expect(entries.map((e) => [e.seq, e.earned_to_date])).toEqual([[1, 125]]);
  });
});
