import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAgent } from '../agents/_agents';
import { type ContractWorld, contractWorld } from '../contracts/_http';
import { deliveredOnLoopback, ScheduledPort } from './_support';

/**
 * What the server runs on its own, no test calling a round or a job here: the prober
 * (DC_PROBER_ENABLED, on by default) probes a delivered contract, and the sweeper runs the trust
 * job.
 */

let world: ContractWorld;
const port = await ScheduledPort.reserve();

beforeAll(async () => {
  world = await contractWorld({
    DC_PROBER_INTERVAL_MS: '500',
    DC_PROBER_TIMEOUT_MS: '1000',
    DC_PROBER_ALLOW_PRIVATE: 'true',
    DC_SWEEP_INTERVAL_MS: '200',
    DC_TRUST_INTERVAL_MS: '1000',
  });
  await port.open();
});

afterAll(async () => {
  await world?.stop();
  await port.close();
});

describe('the prober worker', () => {
  it('probes a delivered contract by itself', async () => {
    const provider = await world.provider();
    const agent = await newAgent(world, provider);
    const { contractId } = await deliveredOnLoopback(world, provider, agent, port.port);
    const db = world.server.database.db;
    // Poll (no timed assertion): the test's timeout bounds the wait.
    for (;;) {
      const rows = await db
        .selectFrom('probe_results')
        .select(['reachable', 'target'])
        .where('contract_id', '=', contractId)
        .execute();
      if (rows.length > 0) {
        expect(rows[0]).toEqual({ reachable: true, target: `127.0.0.1:${port.port}` });
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  it('runs the trust job from the sweeper, storing a record for the provider', async () => {
    const provider = await world.provider();
    // The job ran when the server started; on the test's clock the next run is due an hour on.
    world.clock.advance(1);
    const db = world.server.database.db;
    for (;;) {
      const record = await db
        .selectFrom('provider_records as r')
        .innerJoin('accounts as a', 'a.id', 'r.provider_id')
        .select(['r.null_reason', 'r.computed_at'])
        .where('a.username', '=', provider.username)
        .executeTakeFirst();
      if (record !== undefined) {
        expect(record.null_reason).toMatch(/^Not enough data: 0 delivered contracts/);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
});
