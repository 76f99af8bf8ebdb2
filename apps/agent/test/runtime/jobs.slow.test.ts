// How the runtime runs jobs, against the REAL API process and the fake Hetzner Cloud: a long
// build never starves heartbeats and keeps its lease, the concurrency limit holds, a stop hands
// unfinished work back to the queue, and a lost lease stops the work without a report.

import { getContract, listAgents, requestSshKeyRotation } from '@dc/client';
import type { FakeHetznerCloud } from '@dc/provisioners/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GatedProvisioner,
  hetznerOn,
  newPool,
  startFakeHetzner,
  startTestRuntime,
  type TestPool,
  waitFor,
} from '../support/runtime-harness';
import { type AgentWorld, startWorld, unique } from '../support/world';

const NEW_KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHh0b3BzZWNyZXRrZXlmb3J0ZXN0aW5nb25seTAwMDAw new@laptop';

describe('dc-agent runtime: running jobs', () => {
  let world: AgentWorld;
  let fake: FakeHetznerCloud;
  beforeAll(async () => {
    world = await startWorld({ provisioner: 'hetzner' });
    fake = await startFakeHetzner();
  });
  afterAll(async () => {
    await fake?.close();
    await world?.stop();
  });

  const heartbeatOf = async (pool: TestPool) => {
    const { items } = await listAgents(pool.provider.client, {});
    return items.find((a) => a.agent_pubkey === pool.identity.publicKeyHex)?.last_heartbeat_at;
  };
  const statusOf = async (id: string) => (await getContract(world.renter.client, { id })).status;
  const serversOf = (contractId: string) =>
    fake.servers().filter((s) => s.labels['dc-contract'] === contractId);

  it('keeps heartbeating and renewing the lease while a long build runs', async () => {
    const pool = await newPool(world);
    const provisioner = new GatedProvisioner(hetznerOn(fake));
    let renewals = 0;
    const counting: typeof fetch = (input, init) => {
      // The URL only: building a Request from `input` would take its body away from fetch.
      const url = input instanceof Request ? input.url : String(input);
      if (url.endsWith('/renew')) renewals += 1;
      return fetch(input, init);
    };
    const agent = startTestRuntime(world, {
      identity: pool.identity,
      provisioners: [provisioner],
      fetch: counting,
    });
    try {
      await waitFor('the first heartbeat', () => agent.of('heartbeat').length > 0);
      const rented = await world.rent({ offering: pool.offering });
      await waitFor('the build to start', () => provisioner.inFlight === 1);
      await waitFor('three lease renewals', () => renewals >= 3);

      // The build is stuck at the gate; the API still sees heartbeats arrive, again and again.
      let seen = await waitFor('a recorded heartbeat', () => heartbeatOf(pool));
      for (let beat = 0; beat < 3; beat++) {
        const previous = seen;
        seen = await waitFor('a newer heartbeat', async () => {
          const at = await heartbeatOf(pool);
          return at !== null && at !== undefined && at !== previous && at;
        });
      }
      expect(provisioner.inFlight).toBe(1);
      expect(await statusOf(rented.id)).toBe('provisioning');

      provisioner.gate.open();
      await waitFor('delivery', async () => (await statusOf(rented.id)) === 'provisioned');
      // Delivered under the first lease: renewals kept it, nobody re-leased the job.
      expect(agent.of('job_completed')).toEqual([
        expect.objectContaining({ kind: 'provision', attempt: 1, contractStatus: 'provisioned' }),
      ]);
      expect(serversOf(rented.id)).toHaveLength(1);
    } finally {
      await agent.close();
    }
  });

  it('never runs more provisions at once than its concurrency', async () => {
    const pool = await newPool(world);
    const provisioner = new GatedProvisioner(hetznerOn(fake));
    const agent = startTestRuntime(world, {
      identity: pool.identity,
      provisioners: [provisioner],
      concurrency: 2,
    });
    try {
      await waitFor('the first heartbeat', () => agent.of('heartbeat').length > 0);
      const contracts = [];
      for (let i = 0; i < 5; i++) contracts.push(await world.rent({ offering: pool.offering }));
      await waitFor('two builds in flight', () => provisioner.inFlight === 2);
      // The other three stay queued while both slots are busy: nothing else was leased.
      const statuses = await Promise.all(contracts.map((c) => statusOf(c.id)));
      expect(statuses.filter((s) => s === 'provisioning')).toHaveLength(2);
      expect(statuses.filter((s) => s === 'accepted')).toHaveLength(3);
      expect(agent.runtime.status().jobs).toHaveLength(2);

      provisioner.gate.open();
      for (const contract of contracts) {
        await waitFor(
          `delivery of ${contract.id}`,
          async () => (await statusOf(contract.id)) === 'provisioned',
        );
        expect(serversOf(contract.id)).toHaveLength(1);
      }
      expect(provisioner.started).toHaveLength(5);
      expect(provisioner.maxInFlight).toBe(2);
    } finally {
      await agent.close();
    }
  });

  it('hands an unfinished job back to the queue on stop; the next agent delivers it once', async () => {
    const pool = await newPool(world);
    const stuck = new GatedProvisioner(hetznerOn(fake));
    const first = startTestRuntime(world, {
      identity: pool.identity,
      provisioners: [stuck],
      shutdownTimeoutMs: 200,
    });
    await waitFor('the first heartbeat', () => first.of('heartbeat').length > 0);
    const rented = await world.rent({ offering: pool.offering });
    await waitFor('the build to start', () => stuck.inFlight === 1);

    await first.close();
    // Released with a retryable failure: queued again, the work's signal aborted.
    expect(first.of('job_released')).toEqual([
      expect.objectContaining({ kind: 'provision', contractId: rented.id, jobStatus: 'queued' }),
    ]);
    expect(stuck.started[0]?.signal?.aborted).toBe(true);
    expect(first.of('job_completed')).toEqual([]);
    expect(await statusOf(rented.id)).toBe('provisioning');

    // Another agent of the pool (same key, restarted) takes it after the retry delay.
    const next = startTestRuntime(world, {
      identity: pool.identity,
      provisioners: [hetznerOn(fake)],
    });
    try {
      await waitFor(
        'delivery by the next agent',
        async () => (await statusOf(rented.id)) === 'provisioned',
        60_000,
      );
      expect(next.of('job_completed')).toEqual([
        expect.objectContaining({ kind: 'provision', attempt: 2 }),
      ]);
      expect(serversOf(rented.id)).toHaveLength(1);
    } finally {
      await next.close();
    }
  });

  it('stops the work and reports nothing when a renewal says the lease is stale', async () => {
    const pool = await newPool(world);
    const provisioner = new GatedProvisioner(hetznerOn(fake));
    const reports: string[] = [];
    let renewals = 0;
    // The transport answers a renewal as the API does once another agent took the job over.
    const staleOnRenew: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const path = new URL(request.url).pathname;
      if (/\/v1\/agent\/jobs\/[^/]+\/renew$/.test(path)) {
        renewals += 1;
        return Response.json(
          {
            type: 'about:blank',
            title: 'Conflict',
            status: 409,
            code: 'stale_lease',
            detail:
              'This lease is no longer current (job leased, fencing token 2); stop working on the job and lease again.',
          },
          { status: 409, headers: { 'content-type': 'application/problem+json' } },
        );
      }
      if (/\/(complete|fail)$/.test(path)) reports.push(path);
      return fetch(request);
    };
    const agent = startTestRuntime(world, {
      identity: pool.identity,
      provisioners: [provisioner],
      fetch: staleOnRenew,
    });
    try {
      await waitFor('the first heartbeat', () => agent.of('heartbeat').length > 0);
      const rented = await world.rent({ offering: pool.offering });
      const [dropped] = await waitFor('the job to be dropped', () => {
        const events = agent.of('job_dropped');
        return events.length > 0 && events;
      });
      expect(dropped).toMatchObject({ kind: 'provision', contractId: rented.id });
      expect(dropped?.reason).toContain('stale_lease');
      expect(renewals).toBe(1);
      expect(provisioner.started[0]?.signal?.aborted).toBe(true);
      // Nothing was reported for it and no server was built; the slot is free again.
      provisioner.gate.open();
      await waitFor('the slot to free up', () => agent.runtime.status().jobs.length === 0);
      expect(reports).toEqual([]);
      expect(serversOf(rented.id)).toEqual([]);
      expect(agent.of('job_completed')).toEqual([]);
      expect(agent.of('job_failed')).toEqual([]);
    } finally {
      await agent.close();
    }
  });

  it('fails an SSH key rotation the cloud cannot do, for good, saying a rebuild is needed', async () => {
    const pool = await newPool(world);
    const agent = startTestRuntime(world, {
      identity: pool.identity,
      provisioners: [hetznerOn(fake)],
    });
    try {
      await waitFor('the first heartbeat', () => agent.of('heartbeat').length > 0);
      const rented = await world.rent({ offering: pool.offering });
      await waitFor('delivery', async () => (await statusOf(rented.id)) === 'provisioned');
      const before = (await getContract(world.renter.client, { id: rented.id })).ssh_public_keys;
      await requestSshKeyRotation(world.renter.client, {
        id: rented.id,
        body: { ssh_public_keys: [NEW_KEY], idempotency_key: unique('rotate') },
      });
      const [failed] = await waitFor('the rotation to fail', () => {
        const events = agent.of('job_failed');
        return events.length > 0 && events;
      });
      expect(failed).toMatchObject({
        kind: 'rotate_ssh_key',
        retryable: false,
        jobStatus: 'failed',
        error: 'hetzner cannot change SSH keys of a running server; rebuild required',
      });
      const after = await getContract(world.renter.client, { id: rented.id });
      expect(after.ssh_public_keys).toEqual(before);
      expect(after.status).toBe('provisioned');
    } finally {
      await agent.close();
    }
  });
});
