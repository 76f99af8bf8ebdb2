// The API goes away while a build runs: the runtime keeps working, logs the outage once,
// retries its report with backoff until the API is back (same data, same port), and the
// contract ends delivered with exactly one server.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getContract } from '@dc/client';
import type { FakeHetznerCloud } from '@dc/provisioners/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiProcess, startApiProcess } from '../support/api-process';
import {
  capturingLogger,
  GatedProvisioner,
  hetznerOn,
  newPool,
  startFakeHetzner,
  startTestRuntime,
  waitFor,
} from '../support/runtime-harness';
import { type AgentWorld, startWorld } from '../support/world';

describe('dc-agent runtime: API outage', () => {
  let world: AgentWorld;
  let fake: FakeHetznerCloud;
  let restarted: ApiProcess | undefined;
  // Our own data folder, kept across the restart (the helper removes only folders it made).
  const dataDir = mkdtempSync(join(tmpdir(), 'dc-agent-outage-'));
  beforeAll(async () => {
    world = await startWorld({ provisioner: 'hetzner', api: { dataDir } });
    fake = await startFakeHetzner();
  });
  afterAll(async () => {
    await restarted?.stop();
    await fake?.close();
    await world?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finishes a build during an outage and delivers it once the API is back', async () => {
    const pool = await newPool(world);
    const provisioner = new GatedProvisioner(hetznerOn(fake));
    const logs = capturingLogger();
    const agent = startTestRuntime(world, {
      identity: pool.identity,
      provisioners: [provisioner],
      logger: logs.logger,
    });
    try {
      await waitFor('the first heartbeat', () => agent.of('heartbeat').length > 0);
      const rented = await world.rent({ offering: pool.offering });
      await waitFor('the build to start', () => provisioner.inFlight === 1);

      await world.api.stop({ keepData: true });
      await waitFor('the outage to be noticed', () => agent.of('api_unreachable').length > 0);
      expect(agent.runtime.status().api.state).toBe('unreachable');
      // The build finishes while the API is down; its report waits for the API.
      provisioner.gate.open();
      await waitFor('the build to finish', () => provisioner.inFlight === 0);
      expect(agent.runtime.status().jobs).toHaveLength(1);

      restarted = await startApiProcess({ dataDir, port: world.api.port });
      await waitFor('the delivery report', () => agent.of('job_completed').length > 0, 60_000);
      expect(agent.of('job_completed')).toEqual([
        expect.objectContaining({ kind: 'provision', contractStatus: 'provisioned' }),
      ]);
      const contract = await getContract(world.renter.client, { id: rented.id });
      expect(contract.status).toBe('provisioned');
      expect(fake.servers().filter((s) => s.labels['dc-contract'] === rented.id)).toHaveLength(1);

      // One line and one event per outage and per recovery, however many calls failed.
      // (Recovery is declared once calls succeed a quiet second after the last failure.)
      await waitFor('the recovery', () => agent.of('api_recovered').length > 0);
      expect(agent.of('api_unreachable')).toHaveLength(1);
      expect(agent.of('api_recovered')).toHaveLength(1);
      const lines = logs.text().split('\n');
      expect(lines.filter((l) => l.includes('API unreachable'))).toHaveLength(1);
      expect(lines.filter((l) => l.includes('API reachable again'))).toHaveLength(1);
      expect(agent.runtime.status().api.state).toBe('reachable');
    } finally {
      await agent.close();
    }
  });
});
