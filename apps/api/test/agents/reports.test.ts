// What agents report besides jobs (heartbeats, reconcile, health checks) and the provider's
// manual delivery, over real HTTP.

import {
  acceptContract,
  cancelContract,
  completeJob,
  completeManually,
  createPool,
  getContract,
  getContractCredentials,
  getRenterKeys,
  type LeaseJobsReturnType,
  leaseJobs,
  listAgents,
  listPools,
  reconcileInstances,
  reportHealth,
  requestSshKeyRotation,
  searchOfferings,
  sendHeartbeat,
} from '@dc/client';
import { generateIdentity, open, seal } from '@dc/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContractWorld, contractWorld, rent, usdOffering } from '../contracts/_http';
import { problemOf } from '../offerings/_support';
import {
  acceptedContract,
  addRenterKey,
  dockerOffering,
  newAgent,
  registerNewAgent,
  type TestAgent,
} from './_agents';

type LeasedJob = LeaseJobsReturnType['jobs'][number];

let world: ContractWorld;
beforeAll(async () => {
  world = await contractWorld();
});
afterAll(async () => {
  await world?.stop();
});

/** Leases the provision job of `contractId` and delivers it as instance `externalId`. */
async function delivered(agent: TestAgent, contractId: string, externalId: string): Promise<void> {
  const { jobs } = await leaseJobs(agent.client, { body: { max: 10 } });
  const job = jobs.find((j) => j.contract.id === contractId) as LeasedJob;
  await completeJob(agent.client, {
    id: job.job_id,
    body: {
      lease_id: job.lease_id,
      fencing_token: job.fencing_token,
      instance: { provisioner: 'docker', external_id: externalId },
    },
  });
}

let cities = 0;
/** A city name only this offering has, to find it in the catalog. */
function uniqueCity(): string {
  cities += 1;
  return `Agentville${String.fromCharCode(97 + (process.pid % 26))}${'x'.repeat(cities)}`;
}

describe('heartbeats', () => {
  it('put the pool and its agent-served offerings online in the catalog', async () => {
    const provider = await world.provider();
    const city = uniqueCity();
    await usdOffering(provider, { provisioner: 'docker', pool_id: provider.poolId, city });
    const found = async () =>
      (await searchOfferings(world.server.anonymous, { q: `city:${city}` })).items.length;
    expect(await found()).toBe(0);

    const agent = await registerNewAgent(world, provider);
    await sendHeartbeat(agent.client, {
      body: { version: '1.2.3', provisioner_kinds: ['docker'], active_jobs: 2, capacity: 8 },
    });
    expect(await found()).toBe(1);
    const pools = await listPools(provider.client, {});
    expect(pools.items.find((p) => p.id === provider.poolId)?.online).toBe(true);
    const agents = await listAgents(provider.client, {});
    expect(agents.items.find((a) => a.agent_pubkey === agent.identity.publicKeyHex)).toMatchObject({
      online: true,
      version: '1.2.3',
      provisioner_kinds: ['docker'],
      active_jobs: 2,
      capacity: 8,
    });
  });

  it('hand an agent only jobs of the provisioner kinds it declared', async () => {
    const provider = await world.provider();
    const agent = await newAgent(world, provider);
    await sendHeartbeat(agent.client, { body: { version: '1', provisioner_kinds: ['hetzner'] } });
    const offering = await dockerOffering(provider);
    await acceptedContract(world, provider, offering);
    expect((await leaseJobs(agent.client, { body: { max: 10 } })).jobs).toEqual([]);
    await sendHeartbeat(agent.client, { body: { version: '1', provisioner_kinds: ['docker'] } });
    expect((await leaseJobs(agent.client, { body: { max: 10 } })).jobs).toHaveLength(1);
  });
});

describe('SSH key rotation', () => {
  it("replaces the contract's SSH keys once the agent reports the rotation done", async () => {
    const provider = await world.provider();
    const agent = await newAgent(world, provider);
    const offering = await dockerOffering(provider);
    const { contract, renter } = await acceptedContract(world, provider, offering);
    await delivered(agent, contract.id, 'ctr-rotate');
    const newKey =
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFq0bV9wT2Hj0yR3sZ8qK4nX1mP6cD7eF2gH5iJ9kL0m renter@new-laptop';
    await requestSshKeyRotation(renter.client, {
      id: contract.id,
      body: { ssh_public_keys: [newKey], idempotency_key: `rotate-${contract.id}` },
    });
    const before = await getContract(renter.client, { id: contract.id });
    expect(before.ssh_public_keys).not.toContain(newKey);

    const { jobs } = await leaseJobs(agent.client, { body: { max: 10 } });
    const job = jobs.find((j) => j.kind === 'rotate_ssh_key') as LeasedJob;
    expect(job.payload).toEqual({ ssh_public_keys: [newKey] });
    await completeJob(agent.client, {
      id: job.job_id,
      body: { lease_id: job.lease_id, fencing_token: job.fencing_token },
    });
    const after = await getContract(renter.client, { id: contract.id });
    expect(after.ssh_public_keys).toEqual([newKey]);
  });
});

describe('reconcile', () => {
  it('answers foreign for a server of another pool of the same provider, so it is never taken for an orphan', async () => {
    const provider = await world.provider();
    const agent = await newAgent(world, provider);
    const offering = await dockerOffering(provider);
    const mine = (await acceptedContract(world, provider, offering)).contract;
    await delivered(agent, mine.id, 'ctr-pool-a');

    // A second pool of the same provider, sharing the cloud account.
    const second = await createPool(provider.client, {
      body: {
        name: `second-${mine.id.slice(0, 8)}`,
        region: 'europe',
        provisioner_kinds: ['docker'],
      },
    });
    const otherAgent = await newAgent(world, provider, {}, second.id);
    const otherOffering = await usdOffering(provider, {
      provisioner: 'docker',
      pool_id: second.id,
    });
    const theirs = (await acceptedContract(world, provider, otherOffering)).contract;
    await delivered(otherAgent, theirs.id, 'ctr-pool-b');

    const answer = await reconcileInstances(agent.client, {
      body: {
        instances: [
          { provisioner: 'docker', external_id: 'ctr-pool-a', contract_id: mine.id },
          { provisioner: 'docker', external_id: 'ctr-pool-b', contract_id: theirs.id },
        ],
      },
    });
    expect(answer.instances.map((i) => i.action)).toEqual(['keep', 'foreign']);
  });

  it('answers keep, terminate or unknown for each instance found', async () => {
    const provider = await world.provider();
    const agent = await newAgent(world, provider);
    const offering = await dockerOffering(provider);
    const live = (await acceptedContract(world, provider, offering)).contract;
    await delivered(agent, live.id, 'ctr-live');
    const ended = await acceptedContract(world, provider, offering);
    await delivered(agent, ended.contract.id, 'ctr-ended');
    await cancelContract(ended.renter.client, { id: ended.contract.id, body: {} });

    const rival = await world.provider();
    const rivalAgent = await newAgent(world, rival);
    const theirs = (await acceptedContract(world, rival, await dockerOffering(rival))).contract;
    await delivered(rivalAgent, theirs.id, 'ctr-theirs');

    const answer = await reconcileInstances(agent.client, {
      body: {
        instances: [
          { provisioner: 'docker', external_id: 'ctr-live', contract_id: live.id },
          { provisioner: 'docker', external_id: 'ctr-ended', contract_id: ended.contract.id },
          // A second server labelled with the live contract: a duplicate, not the recorded one.
          { provisioner: 'docker', external_id: 'ctr-dup', contract_id: live.id },
          { provisioner: 'docker', external_id: 'ctr-nolabel', contract_id: null },
          // Another provider's contract: this agent learns nothing about it.
          { provisioner: 'docker', external_id: 'ctr-theirs', contract_id: theirs.id },
        ],
      },
    });
    expect(answer.instances.map((i) => [i.external_id, i.action])).toEqual([
      ['ctr-live', 'keep'],
      ['ctr-ended', 'terminate'],
      ['ctr-dup', 'unknown'],
      ['ctr-nolabel', 'unknown'],
      ['ctr-theirs', 'unknown'],
    ]);
  });
});

describe('health checks', () => {
  it('stores checks, and a healthy one confirms delivery', async () => {
    const provider = await world.provider();
    const agent = await newAgent(world, provider);
    const { contract, renter } = await acceptedContract(
      world,
      provider,
      await dockerOffering(provider),
    );
    await delivered(agent, contract.id, 'ctr-h1');
    const at = world.clock.now().toISOString();
    expect(
      await reportHealth(agent.client, {
        body: {
          checks: [
            {
              contract_id: contract.id,
              status: 'unhealthy',
              reason: 'ssh refused',
              checked_at: at,
            },
            { contract_id: contract.id, status: 'healthy', uptime_seconds: 42, checked_at: at },
          ],
        },
      }),
    ).toEqual({ stored: 2 });
    const rows = await world.server.database.db
      .selectFrom('health_checks')
      .select(['status', 'uptime_seconds', 'reason', 'agent_pubkey'])
      .where('contract_id', '=', contract.id)
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      {
        status: 'unhealthy',
        uptime_seconds: null,
        reason: 'ssh refused',
        agent_pubkey: agent.identity.publicKeyHex,
      },
      {
        status: 'healthy',
        uptime_seconds: 42n,
        reason: null,
        agent_pubkey: agent.identity.publicKeyHex,
      },
    ]);
    expect((await getContract(renter.client, { id: contract.id })).status).toBe('active');
  });

  it("never-again 18: refuses checks of another pool's contract and stores none of the batch", async () => {
    const provider = await world.provider();
    const agent = await newAgent(world, provider);
    const mine = (await acceptedContract(world, provider, await dockerOffering(provider))).contract;
    const rival = await world.provider();
    const theirs = (await acceptedContract(world, rival, await usdOffering(rival))).contract;
    const at = world.clock.now().toISOString();
    expect(
      await problemOf(
        reportHealth(agent.client, {
          body: {
            checks: [
              { contract_id: mine.id, status: 'healthy', checked_at: at },
              { contract_id: theirs.id, status: 'unhealthy', reason: 'x', checked_at: at },
            ],
          },
        }),
      ),
    ).toMatchObject({
      status: 404,
      code: 'contract_not_found',
      paths: ['body.checks.1.contract_id'],
    });
    const stored = await world.server.database.db
      .selectFrom('health_checks')
      .select('id')
      .where('contract_id', 'in', [mine.id, theirs.id])
      .execute();
    expect(stored).toEqual([]);
  });
});

describe('manual delivery', () => {
  it('lets the provider deliver a manual contract with credentials sealed in the browser', async () => {
    const provider = await world.provider();
    const renter = await world.account();
    const secondDevice = generateIdentity();
    await addRenterKey(renter, secondDevice);
    await world.fund(renter, 10_000);
    const requested = await rent(renter, await usdOffering(provider));
    await acceptContract(provider.client, { id: requested.id });

    const { public_keys } = await getRenterKeys(provider.client, { id: requested.id });
    expect(public_keys).toHaveLength(2);
    const envelope = seal('manual-pass-1', public_keys, {
      contractId: requested.id,
      purpose: 'root_password',
    });
    const done = await completeManually(provider.client, {
      id: requested.id,
      body: {
        instance: { provisioner: 'manual', external_id: 'rack-4-slot-2', ipv4: '198.51.100.4' },
        credentials: [{ purpose: 'root_password', envelope: envelope as never }],
      },
    });
    expect(done).toEqual({ contract_id: requested.id, status: 'provisioned' });
    const { items } = await getContractCredentials(renter.client, { id: requested.id });
    // Readable on both of the renter's devices.
    for (const key of [renter.identity.secretKey, secondDevice.secretKey]) {
      const opened = open(items[0]?.envelope as never, key, {
        contractId: requested.id,
        purpose: 'root_password',
      });
      expect(new TextDecoder().decode(opened)).toBe('manual-pass-1');
    }
    // Sealed to only one of the keys: refused (never-again 15), on a fresh contract.
    const another = await rent(renter, await usdOffering(provider));
    await acceptContract(provider.client, { id: another.id });
    const oneDevice = seal('pw', [renter.identity.publicKey], {
      contractId: another.id,
      purpose: 'root_password',
    });
    expect(
      await problemOf(
        completeManually(provider.client, {
          id: another.id,
          body: {
            instance: { provisioner: 'manual', external_id: 'rack-4-slot-3' },
            credentials: [{ purpose: 'root_password', envelope: oneDevice as never }],
          },
        }),
      ),
    ).toMatchObject({ status: 422, code: 'credentials_not_for_renter' });
  });

  it("refuses another provider's contract and agent-served contracts", async () => {
    const provider = await world.provider();
    const { contract } = await acceptedContract(world, provider, await usdOffering(provider));
    const rival = await world.provider();
    const body = { instance: { provisioner: 'manual', external_id: 'x-1' } };
    expect(
      await problemOf(completeManually(rival.client, { id: contract.id, body })),
    ).toMatchObject({
      status: 404,
    });
    await newAgent(world, provider);
    const docker = await acceptedContract(world, provider, await dockerOffering(provider));
    expect(
      await problemOf(completeManually(provider.client, { id: docker.contract.id, body })),
    ).toMatchObject({ status: 409, code: 'not_manual' });
  });
});
