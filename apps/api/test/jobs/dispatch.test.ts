// The lease protocol over real HTTP: long-poll leasing, renewal, fencing tokens on every
// report, retries and final failure, wake-ups on enqueue, and the ownership walls between
// providers and pools.

import {
  cancelContract,
  completeJob,
  createPool,
  failJob,
  getContract,
  getContractCredentials,
  getWallet,
  type LeaseJobsReturnType,
  leaseJobs,
  listContractJobs,
  renewJobLease,
  requestPasswordReset,
  requestSshKeyRotation,
  revokeAgent,
} from '@dc/client';
import { open, seal } from '@dc/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptedContract,
  dockerOffering,
  newAgent,
  rawSigned,
  type TestAgent,
  type WorldProvider,
} from '../agents/_agents';
import { problemOf } from '../offerings/_support';
import { type DispatchWorld, dispatchWorld } from './_world';

type LeasedJob = LeaseJobsReturnType['jobs'][number];

let world: DispatchWorld;
beforeAll(async () => {
  world = await dispatchWorld();
});
afterAll(async () => {
  await world?.stop();
});

/** A provider with one registered, heartbeating agent and a docker offering of its pool. */
async function pool() {
  const provider = await world.provider();
  const agent = await newAgent(world, provider);
  const offering = await dockerOffering(provider);
  return { provider, agent, offering };
}

async function leaseOne(agent: TestAgent): Promise<LeasedJob> {
  const { jobs } = await leaseJobs(agent.client, { body: { max: 1 } });
  expect(jobs).toHaveLength(1);
  return jobs[0] as LeasedJob;
}

const proof = (job: LeasedJob) => ({ lease_id: job.lease_id, fencing_token: job.fencing_token });

/** The root password sealed to every key the lease named, as an agent does. */
function sealedPassword(job: LeasedJob, password = 'correct horse battery staple') {
  return {
    purpose: 'root_password',
    envelope: seal(password, job.contract.renter_public_keys, {
      contractId: job.contract.id,
      purpose: 'root_password',
    }) as never,
  };
}

const instance = (externalId: string) => ({
  provisioner: 'docker',
  external_id: externalId,
  ipv4: '203.0.113.7',
});

/** A contract on a fresh pool, provisioned by the pool's agent as docker instance `externalId`. */
async function deliveredContract(externalId: string) {
  const { provider, agent, offering } = await pool();
  const { contract, renter } = await acceptedContract(world, provider, offering);
  const job = await leaseOne(agent);
  await completeJob(agent.client, {
    id: job.job_id,
    body: { ...proof(job), instance: instance(externalId), credentials: [sealedPassword(job)] },
  });
  return { provider, agent, contract, renter };
}

describe('leasing and delivering', () => {
  it('hands the agent its job with what it needs, and delivery opens for the renter', async () => {
    const { provider, agent, offering } = await pool();
    const { contract, renter } = await acceptedContract(world, provider, offering);

    const job = await leaseOne(agent);
    expect(job).toMatchObject({
      kind: 'provision',
      attempt: 1,
      fencing_token: 1,
      contract: {
        id: contract.id,
        provisioner: 'docker',
        os_image: 'debian-12',
        renter_public_keys: [renter.identity.publicKeyHex],
        instance: null,
      },
    });
    expect(job.contract.ssh_public_keys).toHaveLength(1);
    expect(job.contract.offering).toMatchObject({ cpu_cores: 4 });
    expect(Date.parse(job.lease_expires_at)).toBe(world.clock.now().getTime() + 60_000);
    expect((await getContract(renter.client, { id: contract.id })).status).toBe('provisioning');

    world.clock.advance(50 / 3600);
    const renewed = await renewJobLease(agent.client, { id: job.job_id, body: proof(job) });
    expect(Date.parse(renewed.lease_expires_at)).toBe(world.clock.now().getTime() + 60_000);

    const outcome = await completeJob(agent.client, {
      id: job.job_id,
      body: { ...proof(job), instance: instance('ctr-a1'), credentials: [sealedPassword(job)] },
    });
    expect(outcome).toMatchObject({ status: 'completed', contract_status: 'provisioned' });
    const delivered = await getContract(renter.client, { id: contract.id });
    expect(delivered.status).toBe('provisioned');
    expect(delivered.instance).toMatchObject({ provisioner: 'docker', external_id: 'ctr-a1' });

    const { items } = await getContractCredentials(renter.client, { id: contract.id });
    expect(items).toHaveLength(1);
    const opened = open(items[0]?.envelope as never, renter.identity.secretKey, {
      contractId: contract.id,
      purpose: 'root_password',
    });
    expect(new TextDecoder().decode(opened)).toBe('correct horse battery staple');
    // Done is done: the job is not offered again.
    expect((await leaseJobs(agent.client, { body: { max: 10 } })).jobs).toEqual([]);
  });

  it('refuses a plaintext secret in the instance details and envelopes for other keys', async () => {
    const { provider, agent, offering } = await pool();
    await acceptedContract(world, provider, offering);
    const job = await leaseOne(agent);
    const path = `/v1/agent/jobs/${job.job_id}/complete`;
    // The client refuses to send these (one schema on both sides); the server refuses them too.
    const inDetails = await rawSigned(world, agent.identity, 'POST', path, {
      ...proof(job),
      instance: { ...instance('ctr-s1'), details: { root_password: 'hunter2' } },
    });
    expect(inDetails.status).toBe(422);
    expect(inDetails.json.errors?.map((e) => e.path)).toEqual([
      'body.instance.details.root_password',
    ]);
    const atTop = await rawSigned(world, agent.identity, 'POST', path, {
      ...proof(job),
      instance: { ...instance('ctr-s1'), password: 'hunter2' },
    });
    expect(atTop.status).toBe(422);
    expect(atTop.json.detail).toContain('password looks like a plaintext secret');
    const keyBlock = await rawSigned(world, agent.identity, 'POST', path, {
      ...proof(job),
      instance: {
        ...instance('ctr-s1'),
        details: { note: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbg==' },
      },
    });
    expect(keyBlock.status).toBe(422);
    const stranger = seal('pw', [provider.identity.publicKey], {
      contractId: job.contract.id,
      purpose: 'root_password',
    });
    expect(
      await problemOf(
        completeJob(agent.client, {
          id: job.job_id,
          body: {
            ...proof(job),
            instance: instance('ctr-s1'),
            credentials: [{ purpose: 'root_password', envelope: stranger as never }],
          },
        }),
      ),
    ).toMatchObject({ status: 422, code: 'credentials_not_for_renter' });
    // Nothing was delivered by the refused reports; the lease still holds.
    const outcome = await completeJob(agent.client, {
      id: job.job_id,
      body: { ...proof(job), instance: instance('ctr-s1'), credentials: [sealedPassword(job)] },
    });
    expect(outcome.contract_status).toBe('provisioned');
  });
});

describe('fencing', () => {
  it('never-again 19: a report with a superseded lease is refused and never overwrites the newer one', async () => {
    const { provider, agent, offering } = await pool();
    const second = await newAgent(world, provider);
    const { contract, renter } = await acceptedContract(world, provider, offering);

    const first = await leaseOne(agent);
    // The first agent stalls past its lease; the second takes the job over.
    world.clock.advance(61 / 3600);
    const takeover = await leaseOne(second);
    expect(takeover).toMatchObject({ job_id: first.job_id, attempt: 2, fencing_token: 2 });
    expect(takeover.lease_id).not.toBe(first.lease_id);

    for (const call of [
      () => renewJobLease(agent.client, { id: first.job_id, body: proof(first) }),
      () =>
        completeJob(agent.client, {
          id: first.job_id,
          body: {
            ...proof(first),
            instance: instance('ctr-stale'),
            credentials: [sealedPassword(first)],
          },
        }),
      () =>
        failJob(agent.client, {
          id: first.job_id,
          body: { ...proof(first), error: 'boom', retryable: false },
        }),
    ]) {
      // One at a time: each refusal is awaited before the next request is made.
      expect(await problemOf(call())).toMatchObject({ status: 409, code: 'stale_lease' });
    }
    // Even with the current token, another agent's lease is not this agent's.
    expect(
      await problemOf(renewJobLease(agent.client, { id: first.job_id, body: proof(takeover) })),
    ).toMatchObject({ status: 409, code: 'stale_lease' });

    await completeJob(second.client, {
      id: takeover.job_id,
      body: {
        ...proof(takeover),
        instance: instance('ctr-new'),
        credentials: [sealedPassword(takeover)],
      },
    });
    const delivered = await getContract(renter.client, { id: contract.id });
    expect(delivered.instance).toMatchObject({ external_id: 'ctr-new' });
    const history = await world.server.database.db
      .selectFrom('contract_history')
      .select('event')
      .where('contract_id', '=', contract.id)
      .where('event', '=', 'provisioned')
      .execute();
    expect(history).toHaveLength(1);
  });
});

describe('ownership', () => {
  it("never-again 18: another provider's agent and another pool's agent cannot lease or touch the job", async () => {
    const { provider, agent, offering } = await pool();
    const { contract } = await acceptedContract(world, provider, offering);

    const rival = await world.provider();
    const rivalAgent = await newAgent(world, rival);
    const otherPool = await createPool(provider.client, {
      body: { name: 'hel1', region: 'europe', provisioner_kinds: ['docker'] },
    });
    const neighbour = await newAgent(world, provider as WorldProvider, {}, otherPool.id);

    for (const outsider of [rivalAgent, neighbour]) {
      expect((await leaseJobs(outsider.client, { body: { max: 10 } })).jobs).toEqual([]);
    }
    const job = await leaseOne(agent);
    for (const outsider of [rivalAgent, neighbour]) {
      expect(
        await problemOf(renewJobLease(outsider.client, { id: job.job_id, body: proof(job) })),
      ).toMatchObject({ status: 404 });
      expect(
        await problemOf(
          failJob(outsider.client, {
            id: job.job_id,
            body: { ...proof(job), error: 'x', retryable: false },
          }),
        ),
      ).toMatchObject({ status: 404 });
    }
    expect((await getContract(provider.client, { id: contract.id })).status).toBe('provisioning');
  });
});

describe('wake-ups', () => {
  it('wakes a waiting long-poll as soon as a job is enqueued', async () => {
    const { provider, agent, offering } = await pool();
    const waitsBefore = world.wakeups.outcomes.length;
    const polling = leaseJobs(agent.client, { body: { max: 1, wait_ms: 25_000 } });
    await world.wakeups.untilWaiting(1);
    const { contract } = await acceptedContract(world, provider, offering);
    const { jobs } = await polling;
    expect(jobs.map((job) => job.contract.id)).toEqual([contract.id]);
    // It was woken by the enqueue, not released by its timeout.
    expect(world.wakeups.outcomes.slice(waitsBefore)).toEqual([true]);
  });

  it('gives one job to exactly one of two waiting agents', async () => {
    const { provider, agent, offering } = await pool();
    const second = await newAgent(world, provider);
    const polls = [agent, second].map((a) =>
      leaseJobs(a.client, { body: { max: 1, wait_ms: 25_000 } }),
    );
    await world.wakeups.untilWaiting(2);
    const { contract: one } = await acceptedContract(world, provider, offering);
    const winner = await Promise.race(polls);
    expect(winner.jobs.map((job) => job.contract.id)).toEqual([one.id]);
    // The other keeps waiting; the next job is its.
    const { contract: two } = await acceptedContract(world, provider, offering);
    const results = await Promise.all(polls);
    expect(results.map((r) => r.jobs.length)).toEqual([1, 1]);
    expect(results.flatMap((r) => r.jobs.map((job) => job.contract.id)).sort()).toEqual(
      [one.id, two.id].sort(),
    );
  });
});

describe('failures', () => {
  it('requeues a retryable failure for the next attempt after a backoff', async () => {
    const { provider, agent, offering } = await pool();
    const { contract } = await acceptedContract(world, provider, offering);
    const job = await leaseOne(agent);
    const outcome = await failJob(agent.client, {
      id: job.job_id,
      body: { ...proof(job), error: 'rate limited by the cloud', retryable: true },
    });
    expect(outcome).toMatchObject({
      status: 'queued',
      attempt: 1,
      contract_status: 'provisioning',
    });
    expect(Date.parse(outcome.available_at ?? '')).toBe(world.clock.now().getTime() + 10_000);
    expect((await leaseJobs(agent.client, { body: { max: 1 } })).jobs).toEqual([]);
    world.clock.advance(11 / 3600);
    const retry = await leaseOne(agent);
    expect(retry).toMatchObject({ job_id: job.job_id, attempt: 2, fencing_token: 2 });
    expect((await getContract(provider.client, { id: contract.id })).status).toBe('provisioning');
  });

  it('fails the contract on a final failure and refunds the wallet in full', async () => {
    const { provider, agent, offering } = await pool();
    const { contract, renter } = await acceptedContract(world, provider, offering);
    expect((await getWallet(renter.client, {})).balances[0]?.balance).toBe(100_000 - 1000);
    const job = await leaseOne(agent);
    const outcome = await failJob(agent.client, {
      id: job.job_id,
      body: { ...proof(job), error: 'image not found', retryable: false },
    });
    expect(outcome).toMatchObject({ status: 'failed', contract_status: 'provisioning_failed' });
    const failed = await getContract(renter.client, { id: contract.id });
    expect(failed).toMatchObject({ status: 'provisioning_failed', refunded: 1000 });
    expect((await getWallet(renter.client, {})).balances[0]?.balance).toBe(100_000);
    // The cleanup job follows, for whatever the failed attempt left behind.
    const cleanup = await leaseOne(agent);
    expect(cleanup).toMatchObject({ kind: 'terminate', contract: { id: contract.id } });
  });

  it('treats a retryable failure without attempts left as final', async () => {
    const { provider, agent, offering } = await pool();
    const { contract } = await acceptedContract(world, provider, offering);
    await world.server.database.db
      .updateTable('jobs')
      .set({ max_attempts: 1 })
      .where('contract_id', '=', contract.id)
      .execute();
    const job = await leaseOne(agent);
    const outcome = await failJob(agent.client, {
      id: job.job_id,
      body: { ...proof(job), error: 'timeout', retryable: true },
    });
    expect(outcome).toMatchObject({ status: 'failed', contract_status: 'provisioning_failed' });
  });
});

describe('revocation', () => {
  it("hands a revoked agent's leased job to another agent at once", async () => {
    const { provider, agent, offering } = await pool();
    const second = await newAgent(world, provider);
    await acceptedContract(world, provider, offering);
    const held = await leaseOne(agent);
    await revokeAgent(provider.client, { pubkey: agent.identity.publicKeyHex });
    // No waiting for the lease to run out.
    const taken = await leaseOne(second);
    expect(taken).toMatchObject({ job_id: held.job_id, fencing_token: 2 });
  });
});

describe('password reset', () => {
  it('delivers the new password sealed to the renter', async () => {
    const { agent, contract, renter } = await deliveredContract('ctr-r1');
    await requestPasswordReset(renter.client, {
      id: contract.id,
      body: { idempotency_key: `reset-${contract.id}` },
    });
    const reset = await leaseOne(agent);
    expect(reset).toMatchObject({
      kind: 'reset_password',
      contract: { instance: { provisioner: 'docker', external_id: 'ctr-r1' } },
    });
    expect(
      await problemOf(completeJob(agent.client, { id: reset.job_id, body: proof(reset) })),
    ).toMatchObject({ status: 422, paths: ['body.credentials'] });
    await completeJob(agent.client, {
      id: reset.job_id,
      body: { ...proof(reset), credentials: [sealedPassword(reset, 'new password 2')] },
    });
    const { items } = await getContractCredentials(renter.client, { id: contract.id });
    const passwords = items.map((item) =>
      new TextDecoder().decode(
        open(item.envelope as never, renter.identity.secretKey, {
          contractId: contract.id,
          purpose: 'root_password',
        }),
      ),
    );
    expect(passwords.sort()).toEqual(['correct horse battery staple', 'new password 2']);
  });
});

describe("the renter's requests", () => {
  it('lists each reset and rotation with its status, a failed one with the reason, to the parties only', async () => {
    const { provider, agent, contract, renter } = await deliveredContract('ctr-j1');
    const jobs = async (client = renter.client) =>
      (await listContractJobs(client, { id: contract.id })).items.map((item) => ({
        kind: item.kind,
        status: item.status,
        error: item.error,
      }));
    // Nothing asked yet: the provision job is not one of the renter's requests.
    expect(await jobs()).toEqual([]);

    await requestPasswordReset(renter.client, {
      id: contract.id,
      body: { idempotency_key: `reset-${contract.id}` },
    });
    world.clock.advance(1 / 3600);
    await requestSshKeyRotation(renter.client, {
      id: contract.id,
      body: {
        ssh_public_keys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHJvdGF0ZWRrZXk= renter@new'],
        idempotency_key: `rotate-${contract.id}`,
      },
    });
    expect(await jobs()).toEqual([
      { kind: 'rotate_ssh_key', status: 'queued', error: null },
      { kind: 'reset_password', status: 'queued', error: null },
    ]);

    const reset = await leaseOne(agent);
    expect(reset.kind).toBe('reset_password');
    expect((await jobs())[1]).toEqual({ kind: 'reset_password', status: 'leased', error: null });
    await completeJob(agent.client, {
      id: reset.job_id,
      body: { ...proof(reset), credentials: [sealedPassword(reset, 'new password 3')] },
    });
    const rotation = await leaseOne(agent);
    const reason = 'docker cannot change SSH keys of a running server; rebuild required';
    await failJob(agent.client, {
      id: rotation.job_id,
      body: { ...proof(rotation), error: reason, retryable: false },
    });
    const listed = await jobs();
    expect(listed).toEqual([
      { kind: 'rotate_ssh_key', status: 'failed', error: reason },
      { kind: 'reset_password', status: 'completed', error: null },
    ]);
    // The provider sees the same; a stranger and another provider get the contract's 404.
    expect(await jobs(provider.client)).toEqual(listed);
    const stranger = await world.account('stranger');
    const other = await pool();
    for (const outsider of [stranger.client, other.provider.client]) {
      expect(await problemOf(listContractJobs(outsider, { id: contract.id }))).toMatchObject({
        status: 404,
        code: 'not_found',
      });
    }
  });
});

describe('termination', () => {
  it('never-again 20: the terminate job names the recorded (provisioner, external_id)', async () => {
    const { agent, contract, renter } = await deliveredContract('ctr-t1');
    await cancelContract(renter.client, { id: contract.id, body: {} });
    const terminate = await leaseOne(agent);
    expect(terminate).toMatchObject({
      kind: 'terminate',
      contract: { id: contract.id, instance: { provisioner: 'docker', external_id: 'ctr-t1' } },
    });
    await completeJob(agent.client, { id: terminate.job_id, body: proof(terminate) });
    const row = await world.server.database.db
      .selectFrom('contracts')
      .select(['instance_terminated_at'])
      .where('id', '=', contract.id)
      .executeTakeFirstOrThrow();
    expect(row.instance_terminated_at?.getTime()).toBe(world.clock.now().getTime());
  });
});
