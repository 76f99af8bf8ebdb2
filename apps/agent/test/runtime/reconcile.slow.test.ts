// Reconcile against the REAL API process and the fake Hetzner Cloud: an instance of an ended
// contract is terminated, one of a live contract kept, and an orphan (our label, no contract
// claims it) terminated only once its grace period (timed on an injected clock, persisted in
// orphans.json across restarts) has passed.

import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cancelContract, getContract } from '@dc/client';
import { ProvisionerError } from '@dc/provisioners';
import type { FakeHetznerCloud } from '@dc/provisioners/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORPHANS_FILE } from '../../src/runtime/index';
import {
  GatedProvisioner,
  hetznerOn,
  newPool,
  startFakeHetzner,
  startTestRuntime,
  type TestRuntime,
  waitFor,
} from '../support/runtime-harness';
import { type AgentWorld, startWorld } from '../support/world';

const MINUTE = 60_000;

describe('dc-agent runtime: reconcile', () => {
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

  const exists = (id: number) => fake.servers().some((s) => s.id === id);
  /** Waits for `count` more reconcile runs than have happened so far. */
  const reconciles = async (agent: TestRuntime, count = 1) => {
    const target = agent.of('reconciled').length + count;
    await waitFor(`${count} more reconcile run(s)`, () => agent.of('reconciled').length >= target);
  };

  it('terminates an orphan only after the grace period, timed across a restart', async () => {
    const pool = await newPool(world);
    const stateDir = mkdtempSync(join(tmpdir(), 'dc-agent-reconcile-'));
    // Ours by label, claimed by no contract (e.g. built, never reported, contract then gone).
    const orphan = fake.addServer({
      name: 'dc-orphan-1',
      labels: { 'dc-contract': randomUUID(), 'dc-managed': 'true' },
    });
    const foreign = fake.addServer({ name: 'someone-elses', labels: { team: 'ops' } });
    let now = Date.parse('2026-03-01T09:00:00Z');
    const options = {
      identity: pool.identity,
      provisioners: [hetznerOn(fake)],
      stateDir,
      now: () => now,
      reconcileIntervalMs: 50,
      orphanGraceMs: 60 * MINUTE,
    };
    const first = startTestRuntime(world, options);
    try {
      await reconciles(first);
      expect(first.of('reconciled').at(-1)).toMatchObject({ orphans: 1, terminated: 0 });
      now += 30 * MINUTE;
      await reconciles(first, 2);
      expect(exists(orphan.id)).toBe(true);
    } finally {
      await first.close();
    }
    const saved = JSON.parse(readFileSync(join(stateDir, ORPHANS_FILE), 'utf8'));
    expect(saved.orphans).toEqual([
      expect.objectContaining({
        provisioner: 'hetzner',
        external_id: String(orphan.id),
        first_seen_at: '2026-03-01T09:00:00.000Z',
      }),
    ]);

    // A restarted agent keeps the first sighting: at 59 minutes it waits, past 60 it acts.
    now += 29 * MINUTE;
    const second = startTestRuntime(world, options);
    try {
      await reconciles(second);
      expect(exists(orphan.id)).toBe(true);
      now += 2 * MINUTE;
      await waitFor(
        'the orphan to be terminated',
        () => second.of('instance_terminated').length > 0,
      );
      expect(exists(orphan.id)).toBe(false);
      expect(second.of('instance_terminated')).toEqual([
        expect.objectContaining({ externalId: String(orphan.id), why: 'orphan' }),
      ]);
      await reconciles(second);
      // Forgotten once gone; a server without our label was never looked at.
      expect(JSON.parse(readFileSync(join(stateDir, ORPHANS_FILE), 'utf8')).orphans).toEqual([]);
      expect(exists(foreign.id)).toBe(true);
    } finally {
      await second.close();
      rmSync(stateDir, { recursive: true, force: true });
    }
  });

  it('terminates the instance of an ended contract whose terminate job failed, keeps live ones', async () => {
    const pool = await newPool(world);
    const provisioner = new GatedProvisioner(hetznerOn(fake));
    provisioner.gate.open();
    const agent = startTestRuntime(world, {
      identity: pool.identity,
      provisioners: [provisioner],
      reconcileIntervalMs: 50,
    });
    try {
      await waitFor('the first heartbeat', () => agent.of('heartbeat').length > 0);
      const ended = await world.rent({ offering: pool.offering });
      const live = await world.rent({ offering: pool.offering });
      const delivered = async (id: string) => {
        const contract = await getContract(world.renter.client, { id });
        return contract.status === 'provisioned' && Number(contract.instance?.['external_id']);
      };
      const endedServer = await waitFor('the first delivery', () => delivered(ended.id));
      const liveServer = await waitFor('the second delivery', () => delivered(live.id));

      // The cloud refuses to delete, for good: the terminate job fails finally.
      provisioner.terminateError = new ProvisionerError('conflict', 'server is locked', {
        retryable: false,
      });
      await cancelContract(world.renter.client, { id: ended.id, body: {} });
      await waitFor('the terminate job to fail', () =>
        agent.of('job_failed').some((e) => e.kind === 'terminate' && !e.retryable),
      );
      await reconciles(agent, 2);
      expect(exists(endedServer)).toBe(true);

      // Once the cloud cooperates again, reconcile removes what the ended contract left.
      provisioner.terminateError = undefined;
      await waitFor('reconcile to terminate it', () => agent.of('instance_terminated').length > 0);
      expect(exists(endedServer)).toBe(false);
      expect(agent.of('instance_terminated')).toEqual([
        expect.objectContaining({
          externalId: String(endedServer),
          contractId: ended.id,
          why: 'contract_ended',
        }),
      ]);
      await reconciles(agent, 2);
      expect(exists(liveServer)).toBe(true);
      expect(agent.runtime.status().orphans).toEqual([]);
    } finally {
      await agent.close();
    }
  });

  it('reports the health of live instances only; a healthy check confirms the delivery', async () => {
    const pool = await newPool(world);
    // Another pool's contract id on a server of ours: a report naming it would be refused whole.
    fake.addServer({
      name: 'dc-foreign-1',
      labels: { 'dc-contract': randomUUID(), 'dc-managed': 'true' },
    });
    const agent = startTestRuntime(world, {
      identity: pool.identity,
      provisioners: [hetznerOn(fake)],
      healthIntervalMs: 50,
    });
    try {
      await waitFor('the first heartbeat', () => agent.of('heartbeat').length > 0);
      const rented = await world.rent({ offering: pool.offering });
      const status = async () => (await getContract(world.renter.client, { id: rented.id })).status;
      await waitFor(
        'delivery confirmed by a healthy check',
        async () => (await status()) === 'active',
      );
      const reported = await waitFor('a health report with the live contract', () =>
        agent.of('health_reported').find((e) => e.checks === 1),
      );
      expect(reported).toEqual({ type: 'health_reported', checks: 1 });
      expect(agent.runtime.status().last_health_at).not.toBeNull();
    } finally {
      await agent.close();
    }
  });
});
