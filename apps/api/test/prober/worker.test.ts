import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAgent } from '../agents/_agents';
import { type ContractWorld, contractWorld } from '../contracts/_http';
import { deliveredOnLoopback, ScheduledPort } from './_support';

/**
 * The prober the server starts (DC_PROBER_ENABLED, on by default) probes a delivered contract on
 * its own: no test calls a round here.
 */

let world: ContractWorld;
const port = await ScheduledPort.reserve();

beforeAll(async () => {
  world = await contractWorld({
    DC_PROBER_INTERVAL_MS: '500',
    DC_PROBER_TIMEOUT_MS: '1000',
    DC_PROBER_ALLOW_PRIVATE: 'true',
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
});
