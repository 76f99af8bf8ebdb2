// `dc-agent reset-password`: the provider's agent queues a password reset of a delivered
// contract of its pool and follows the job, over real HTTP.

import {
  completeJob,
  createPool,
  getAgentJob,
  type LeaseJobsReturnType,
  leaseJobs,
  requestAgentPasswordReset,
} from '@dc/client';
import { seal } from '@dc/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContractWorld, contractWorld } from '../contracts/_http';
import { problemOf } from '../offerings/_support';
import { acceptedContract, dockerOffering, newAgent, type TestAgent } from './_agents';

type LeasedJob = LeaseJobsReturnType['jobs'][number];

let world: ContractWorld;
beforeAll(async () => {
  world = await contractWorld();
});
afterAll(async () => {
  await world?.stop();
});

/** Leases the job of `kind` for `contractId`. */
async function lease(agent: TestAgent, contractId: string, kind: string): Promise<LeasedJob> {
  const { jobs } = await leaseJobs(agent.client, { body: { max: 10 } });
  const job = jobs.find((j) => j.contract.id === contractId && j.kind === kind);
  if (job === undefined) throw new Error(`no ${kind} job of ${contractId} to lease`);
  return job;
}

const proof = (job: LeasedJob) => ({ lease_id: job.lease_id, fencing_token: job.fencing_token });

/** A provider with an agent and a contract its agent has delivered. */
async function deliveredContract() {
  const provider = await world.provider();
  const agent = await newAgent(world, provider);
  const { contract } = await acceptedContract(world, provider, await dockerOffering(provider));
  const provision = await lease(agent, contract.id, 'provision');
  await completeJob(agent.client, {
    id: provision.job_id,
    body: {
      ...proof(provision),
      instance: { provisioner: 'docker', external_id: `c-${contract.id}` },
    },
  });
  return { provider, agent, contract };
}

describe('an agent requesting a password reset', () => {
  it('queues a reset_password job of a delivered contract of its pool, once per key', async () => {
    const { agent, contract } = await deliveredContract();
    const body = { idempotency_key: 'reset-cli-0001' };
    const queued = await requestAgentPasswordReset(agent.client, { id: contract.id, body });
    expect(queued).toMatchObject({ kind: 'reset_password', status: 'queued' });
    const again = await requestAgentPasswordReset(agent.client, { id: contract.id, body });
    expect(again.job_id).toBe(queued.job_id);
    expect(await getAgentJob(agent.client, { id: queued.job_id })).toEqual({
      job_id: queued.job_id,
      kind: 'reset_password',
      status: 'queued',
      attempt: 0,
      last_error: null,
      contract_id: contract.id,
    });

    const job = await lease(agent, contract.id, 'reset_password');
    expect(job.job_id).toBe(queued.job_id);
    expect(await getAgentJob(agent.client, { id: queued.job_id })).toMatchObject({
      status: 'leased',
      attempt: 1,
    });
    const envelope = seal('n3w-p4ssw0rd', job.contract.renter_public_keys, {
      contractId: contract.id,
      purpose: 'root_password',
    });
    await completeJob(agent.client, {
      id: job.job_id,
      body: {
        ...proof(job),
        credentials: [{ purpose: 'root_password', envelope: envelope as never }],
      },
    });
    expect(await getAgentJob(agent.client, { id: queued.job_id })).toMatchObject({
      status: 'completed',
    });
  });

  it("is refused for another provider's contract and job, as if they did not exist (404)", async () => {
    const { agent, contract } = await deliveredContract();
    const stranger = await newAgent(world, await world.provider());
    const queued = await requestAgentPasswordReset(agent.client, {
      id: contract.id,
      body: { idempotency_key: 'reset-cli-0002' },
    });
    expect(
      await problemOf(
        requestAgentPasswordReset(stranger.client, {
          id: contract.id,
          body: { idempotency_key: 'reset-cli-0003' },
        }),
      ),
    ).toMatchObject({ status: 404 });
    expect(await problemOf(getAgentJob(stranger.client, { id: queued.job_id }))).toMatchObject({
      status: 404,
    });
  });

  it('is refused for a contract of another pool of the same provider (404)', async () => {
    const { provider, contract } = await deliveredContract();
    const pool = await createPool(provider.client, {
      body: { name: 'hel1', region: 'europe', provisioner_kinds: ['docker'] },
    });
    const other = await newAgent(world, provider, {}, pool.id);
    expect(
      await problemOf(
        requestAgentPasswordReset(other.client, {
          id: contract.id,
          body: { idempotency_key: 'reset-cli-0004' },
        }),
      ),
    ).toMatchObject({ status: 404 });
  });

  it('is refused for a contract not delivered yet (409 contract_not_running)', async () => {
    const provider = await world.provider();
    const agent = await newAgent(world, provider);
    const { contract } = await acceptedContract(world, provider, await dockerOffering(provider));
    expect(
      await problemOf(
        requestAgentPasswordReset(agent.client, {
          id: contract.id,
          body: { idempotency_key: 'reset-cli-0005' },
        }),
      ),
    ).toMatchObject({ status: 409, code: 'contract_not_running' });
  });

  it('needs the report_instances permission (403)', async () => {
    const { provider, contract } = await deliveredContract();
    const watcher = await newAgent(world, provider, { permissions: ['lease_jobs', 'heartbeat'] });
    expect(
      await problemOf(
        requestAgentPasswordReset(watcher.client, {
          id: contract.id,
          body: { idempotency_key: 'reset-cli-0006' },
        }),
      ),
    ).toMatchObject({ status: 403, code: 'permission_missing' });
  });
});
