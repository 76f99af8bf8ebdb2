// Never-again items of issue 6 seen end to end through a @dc/client agent (items 19 and 20 are
// also in test/jobs/dispatch.test.ts; 15 there only for manual delivery).

import { acceptContract, createSetupToken, getContractCredentials } from '@dc/client';
import { generateIdentity, open } from '@dc/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addRenterKey } from '../agents/_agents';
import { type ContractWorld, clockedKeyAuth, contractWorld, rent } from '../contracts/_http';
import { offer, problemOf } from '../offerings/_support';
import { TestAgent } from '../support/test-agent';

let world: ContractWorld;
beforeAll(async () => {
  world = await contractWorld();
});
afterAll(async () => {
  await world?.stop();
});

async function poolWithAgents(count: number) {
  const provider = await world.provider();
  const agents: TestAgent[] = [];
  for (let i = 0; i < count; i += 1) {
    const { token } = await createSetupToken(provider.client, { id: provider.poolId, body: {} });
    const agent = new TestAgent({
      baseUrl: world.server.url,
      auth: (secretKey) => clockedKeyAuth(secretKey, world.clock),
    });
    await agent.register(token);
    agents.push(agent);
  }
  const offering = await offer(provider, {
    currency: 'USD',
    price_per_month: 1000,
    provisioner: 'docker',
    pool_id: provider.poolId,
  });
  return { provider, agents, offering };
}

describe('never-again 15: credentials open on every device of the renter, for that contract only', () => {
  it('an agent seals to every active key; each opens it; another contract id does not', async () => {
    const { provider, agents, offering } = await poolWithAgents(1);
    const [agent] = agents as [TestAgent];
    const renter = await world.account();
    const laptop = generateIdentity();
    await addRenterKey(renter, laptop);
    await world.fund(renter, 10_000);
    const first = await rent(renter, offering);
    const second = await rent(renter, offering);
    for (const { id } of [first, second]) await acceptContract(provider.client, { id });
    const jobs = await agent.lease(2);
    expect(jobs.map((job) => job.contract.renter_public_keys.sort())).toEqual([
      [renter.identity.publicKeyHex, laptop.publicKeyHex].sort(),
      [renter.identity.publicKeyHex, laptop.publicKeyHex].sort(),
    ]);
    for (const job of jobs) await agent.provisioned(job, `pw-${job.contract.id}`);

    const { items } = await getContractCredentials(renter.client, { id: first.id });
    const envelope = items[0]?.envelope as never;
    for (const key of [renter.identity.secretKey, laptop.secretKey]) {
      const opened = open(envelope, key, { contractId: first.id, purpose: 'root_password' });
      expect(new TextDecoder().decode(opened)).toBe(`pw-${first.id}`);
      // The binding comes from what the renter expects, never from the blob itself.
      expect(() =>
        open(envelope, key, { contractId: second.id, purpose: 'root_password' }),
      ).toThrow();
    }
  });
});

describe('never-again 19: lease expiry vs a slow provision', () => {
  it('a renewed lease keeps the job; once it runs out another agent takes it and the late report is refused', async () => {
    const { provider, agents, offering } = await poolWithAgents(2);
    const [slow, other] = agents as [TestAgent, TestAgent];
    const renter = await world.account();
    await world.fund(renter, 10_000);
    const contract = await rent(renter, offering);
    await acceptContract(provider.client, { id: contract.id });
    const [held] = await slow.lease();
    if (!held) throw new Error('no job leased');

    // Work takes longer than one lease, but the agent renews in time: nobody else gets it.
    for (let i = 0; i < 3; i += 1) {
      world.clock.advance(45 / 3600);
      await slow.renew(held);
      expect(await other.lease(5)).toEqual([]);
    }
    // Then it stalls past its lease: the other agent takes over with a higher fencing token.
    world.clock.advance(61 / 3600);
    const [taken] = await other.lease(5);
    expect(taken).toMatchObject({ job_id: held.job_id, attempt: 2 });
    expect(taken?.fencing_token).toBeGreaterThan(held.fencing_token);
    expect(await problemOf(slow.provisioned(held, 'late'))).toMatchObject({
      status: 409,
      code: 'stale_lease',
    });
    if (!taken) throw new Error('no takeover');
    await other.provisioned(taken, 'fresh');
    const { items } = await getContractCredentials(renter.client, { id: contract.id });
    expect(items).toHaveLength(1);
    const opened = open(items[0]?.envelope as never, renter.identity.secretKey, {
      contractId: contract.id,
      purpose: 'root_password',
    });
    expect(new TextDecoder().decode(opened)).toBe('fresh');
  });
});
