// Never-again 30 (unauthenticated webhooks feeding metrics): a health report that is not the
// contract's own pool agent's (unsigned, signed by an unknown key, by a revoked agent, or by
// another provider's agent about someone else's contract) is refused and changes nothing: no
// check stored, nothing marked for recomputation, and the same uptime and provider record after
// the trust job runs again.

import {
  completeJob,
  getContractUptime,
  getProviderRecord,
  leaseJobs,
  reportHealth,
  revokeAgent,
} from '@dc/client';
import { generateIdentity } from '@dc/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTrustJob, type TrustJobSettings } from '../../src/trust/job';
import {
  acceptedContract,
  agentClient,
  dockerOffering,
  newAgent,
  rawSigned,
  type TestAgent,
} from '../agents/_agents';
import { type ContractWorld, contractWorld } from '../contracts/_http';
import { problemOf, type TestAccount } from '../offerings/_support';
import { MINUTE } from './_fixture';

const SETTINGS: TrustJobSettings = {
  intervalMs: 300_000,
  coverage: { probeMs: 6 * MINUTE, agentMs: 6 * MINUTE },
  alertThresholdPct: 95,
};

let world: ContractWorld;
beforeAll(async () => {
  world = await contractWorld({ DC_PROBER_ENABLED: 'false' });
});
afterAll(async () => {
  await world?.stop();
});

describe('never-again 30: health reports that are not the pool agent’s', () => {
  let contractId: string;
  let renter: TestAccount;
  let providerName: string;
  let rivalAgent: TestAgent;
  let revoked: TestAgent;

  /**
   * Everything a report could change: the stored checks, the contracts marked for the next
   * recomputation (read before the trust job runs again), then the numbers it publishes.
   */
  async function state() {
    const db = world.server.database.db;
    const checks = await db
      .selectFrom('health_checks')
      .select(['id', 'status', 'agent_pubkey', 'checked_at'])
      .where('contract_id', '=', contractId)
      .orderBy('id')
      .execute();
    const dirty = await db
      .selectFrom('uptime_dirty')
      .selectAll()
      .where('contract_id', '=', contractId)
      .execute();
    await runTrustJob(db, world.clock.now(), SETTINGS, { force: true, full: true });
    const uptime = await getContractUptime(renter.client, { id: contractId });
    const record = await getProviderRecord(world.server.anonymous, { username: providerName });
    return { checks, dirty, uptime, record };
  }

  beforeAll(async () => {
    const provider = await world.provider();
    providerName = provider.username;
    const agent = await newAgent(world, provider);
    const accepted = await acceptedContract(world, provider, await dockerOffering(provider));
    contractId = accepted.contract.id;
    renter = accepted.renter;
    const { jobs } = await leaseJobs(agent.client, { body: { max: 10 } });
    const job = jobs.find((j) => j.contract.id === contractId);
    if (job === undefined) throw new Error('no provision job');
    await completeJob(agent.client, {
      id: job.job_id,
      body: {
        lease_id: job.lease_id,
        fencing_token: job.fencing_token,
        instance: { provisioner: 'docker', external_id: 'ctr-na30' },
      },
    });
    // The pool agent's own checks: healthy for 30 minutes (these do count).
    for (let i = 0; i < 6; i += 1) {
      world.clock.advance(5 / 60);
      await reportHealth(agent.client, {
        body: {
          checks: [
            {
              contract_id: contractId,
              status: 'healthy',
              checked_at: world.clock.now().toISOString(),
            },
          ],
        },
      });
    }
    revoked = await newAgent(world, provider);
    await revokeAgent(provider.client, { pubkey: revoked.identity.publicKeyHex });
    const rival = await world.provider();
    rivalAgent = await newAgent(world, rival);
  });

  /** An `unhealthy` check of the contract now: what a forged report would want stored. */
  const forged = () => ({
    checks: [
      {
        contract_id: contractId,
        status: 'unhealthy' as const,
        reason: 'forged',
        checked_at: world.clock.now().toISOString(),
      },
    ],
  });

  it('changes neither the uptime nor the record, whoever sends it', async () => {
    await runTrustJob(world.server.database.db, world.clock.now(), SETTINGS);
    const before = await state();
    expect(before.checks).toHaveLength(6);
    expect(before.dirty).toEqual([]);
    // The pool agent's checks count (the last one, at the window's end, is the next window's).
    const day = before.uptime.windows.find((w) => w.window === '24h');
    expect(day?.agent_checks).toBeGreaterThanOrEqual(5);
    expect(day?.uptime_pct).not.toBeNull();
    expect(before.record.metrics.uptime_30d.agent_checks).toBeGreaterThanOrEqual(5);

    // Unsigned: no signature headers at all.
    const unsigned = await fetch(`${world.server.url}/v1/agent/health`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(forged()),
    });
    expect(unsigned.status).toBe(401);

    // Signed by a key that is no agent of anyone.
    const stranger = await rawSigned(
      world,
      generateIdentity(),
      'POST',
      '/v1/agent/health',
      forged(),
    );
    expect(stranger.status).toBe(401);

    // Signed by an agent of the provider that the provider revoked.
    expect(await problemOf(reportHealth(revoked.client, { body: forged() }))).toMatchObject({
      status: 401,
      code: 'delegation_revoked',
    });

    // Signed by another provider's live agent, about this provider's contract.
    expect(await problemOf(reportHealth(rivalAgent.client, { body: forged() }))).toMatchObject({
      status: 404,
      code: 'contract_not_found',
    });
    // ...and the same agent's key re-used through a fresh client changes nothing either.
    const replay = agentClient(world, rivalAgent.identity);
    expect(await problemOf(reportHealth(replay.client, { body: forged() }))).toMatchObject({
      status: 404,
    });

    const after = await state();
    expect(after.checks).toEqual(before.checks);
    expect(after.dirty).toEqual([]);
    expect(after.uptime).toEqual(before.uptime);
    expect(after.record).toEqual(before.record);
  });
});
