// Deleting a pool retires it: refused while its agents still have servers to look after, and
// when done, its agents are revoked at once while their delegations' evidence stays.

import {
  cancelContract,
  createPool,
  deleteOffering,
  deletePool,
  leaseJobs,
  listAgents,
  listPools,
  registerAgent,
} from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContractWorld, contractWorld } from '../contracts/_http';
import { problemOf } from '../offerings/_support';
import { acceptedContract, agentClient, dockerOffering, newAgent, setupToken } from './_agents';

let world: ContractWorld;
beforeAll(async () => {
  world = await contractWorld();
});
afterAll(async () => {
  await world?.stop();
});

describe('deleting a pool', () => {
  it('is refused while a live contract runs on it, then retires it and revokes its agents', async () => {
    const provider = await world.provider();
    const agent = await newAgent(world, provider);
    const unused = await setupToken(provider);
    const offering = await dockerOffering(provider);
    const { contract, renter } = await acceptedContract(world, provider, offering);
    await deleteOffering(provider.client, { id: offering.id });

    const refused = await problemOf(deletePool(provider.client, { id: provider.poolId }));
    expect(refused).toMatchObject({ status: 409, code: 'pool_in_use' });
    expect(refused.detail).toContain('1 live contract');

    await cancelContract(renter.client, { id: contract.id, body: {} });
    await deletePool(provider.client, { id: provider.poolId });

    // Gone from the provider's pools; its name is free for a new pool.
    const pools = await listPools(provider.client, {});
    expect(pools.items.map((p) => p.id)).not.toContain(provider.poolId);
    // The agent's next request is refused; its delegation is kept, revoked.
    const denied = await problemOf(leaseJobs(agent.client, { body: { max: 1 } }));
    expect([401, 403]).toContain(denied.status);
    const agents = await listAgents(provider.client, {});
    const kept = agents.items.find((a) => a.agent_pubkey === agent.identity.publicKeyHex);
    expect(kept?.revoked_at).not.toBeNull();
    // The unused setup token can no longer register anyone.
    const { client, identity } = agentClient(world);
    const late = await problemOf(
      registerAgent(client, {
        body: { token: unused, agent_pubkey: identity.publicKeyHex, region: 'europe' },
      }),
    );
    expect(late).toMatchObject({ status: 409, code: 'setup_token_expired' });
    // A second delete finds nothing.
    expect(await problemOf(deletePool(provider.client, { id: provider.poolId }))).toMatchObject({
      status: 404,
    });
  });

  it('frees the name for a new pool', async () => {
    const provider = await world.provider();
    const pools = await listPools(provider.client, {});
    const pool = pools.items.find((p) => p.id === provider.poolId);
    if (!pool) throw new Error('the world provider has a pool');
    await deletePool(provider.client, { id: pool.id });
    const again = await createPool(provider.client, {
      body: { name: pool.name, region: pool.region, provisioner_kinds: pool.provisioner_kinds },
    });
    expect(again.id).not.toBe(pool.id);
  });
});
