// The events that come from agents and payouts: provisioned and provisioning failed (the
// agent's job outcome), password reset done (the agent completes the reset job), payout sent
// (the admin confirms a manual payout batch). Each notification is written with its cause.

import {
  approvePayoutBatch,
  completeJob,
  confirmPayoutBatch,
  createPayoutBatch,
  failJob,
  type LeaseJobsReturnType,
  leaseJobs,
  requestPasswordReset,
  sendPayoutBatch,
} from '@dc/client';
import { seal } from '@dc/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedContract, dockerOffering, newAgent, type TestAgent } from '../agents/_agents';
import { type ContractWorld, contractWorld, key } from '../contracts/_http';
import { accrue, deliveredContract, seller } from '../payouts/_world';
import { inboxOf } from './_world';

type LeasedJob = LeaseJobsReturnType['jobs'][number];

let world: ContractWorld;
beforeAll(async () => {
  world = await contractWorld({ DC_PLATFORM_FEE_BPS: '1000' });
});
afterAll(() => world?.stop());

async function lease(agent: TestAgent, contractId: string, kind: string): Promise<LeasedJob> {
  const { jobs } = await leaseJobs(agent.client, { body: { max: 10 } });
  const job = jobs.find((j) => j.contract.id === contractId && j.kind === kind);
  if (job === undefined) throw new Error(`no ${kind} job of ${contractId} to lease`);
  return job;
}

const proof = (job: LeasedJob) => ({ lease_id: job.lease_id, fencing_token: job.fencing_token });

describe('events from agents', () => {
  it('tell the renter their server is ready, then that its password reset is done', async () => {
    const provider = await world.provider();
    const agent = await newAgent(world, provider);
    const { contract, renter } = await acceptedContract(
      world,
      provider,
      await dockerOffering(provider),
    );
    const provision = await lease(agent, contract.id, 'provision');
    await completeJob(agent.client, {
      id: provision.job_id,
      body: {
        ...proof(provision),
        instance: { provisioner: 'docker', external_id: `c-${contract.id}` },
      },
    });
    const reset = await requestPasswordReset(renter.client, {
      id: contract.id,
      body: { idempotency_key: key('pw') },
    });
    // Queued is not done: nothing yet.
    expect((await inboxOf(renter.client)).map((n) => n.event)).toEqual([
      'contract_provisioned',
      'contract_accepted',
    ]);
    const job = await lease(agent, contract.id, 'reset_password');
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
    const [done] = await inboxOf(renter.client);
    expect(done).toMatchObject({
      event: 'password_reset_done',
      contract_id: contract.id,
      data: { job_id: reset.job_id },
    });
    expect(done?.body).not.toContain('n3w-p4ssw0rd');
  });

  it('tell the renter a provisioning failed, with the refund', async () => {
    const provider = await world.provider();
    const agent = await newAgent(world, provider);
    const { contract, renter } = await acceptedContract(
      world,
      provider,
      await dockerOffering(provider),
    );
    const provision = await lease(agent, contract.id, 'provision');
    await failJob(agent.client, {
      id: provision.job_id,
      body: { ...proof(provision), error: 'image not found', retryable: false },
    });
    const events = (await inboxOf(renter.client)).map((n) => n.event);
    expect(events).toEqual(['refund_issued', 'contract_failed', 'contract_accepted']);
  });
});

describe('payouts', () => {
  it('tell the provider when a manual payout is confirmed, once', async () => {
    const provider = await seller(world);
    await deliveredContract(world, provider);
    world.clock.advance(100);
    await accrue(world, 1000n);
    const batch = await createPayoutBatch(world.admin.client, {
      body: {
        provider: provider.username,
        currency: 'USD',
        rail: 'manual',
        idempotency_key: key('payout'),
      },
    });
    await approvePayoutBatch(world.admin.client, { id: batch.id });
    await sendPayoutBatch(world.admin.client, { id: batch.id });
    const before = await inboxOf(provider.client);
    expect(before.some((n) => n.event === 'payout_sent')).toBe(false);
    const confirm = () =>
      confirmPayoutBatch(world.admin.client, {
        id: batch.id,
        body: { external_reference: 'SEPA-2026-0042' },
      });
    await confirm();
    await confirm();
    const sent = (await inboxOf(provider.client)).filter((n) => n.event === 'payout_sent');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      title: `Payout sent: ${(batch.amount / 100).toFixed(2)} USD`,
      data: { payout_id: batch.id, amount: batch.amount, reference: 'SEPA-2026-0042' },
    });
  });
});
