// Provider profiles, public summaries and pools over real HTTP: a profile makes an account a
// provider, pools belong to their provider alone, and a pool an offering uses cannot go.

import {
  createPool,
  deleteOffering,
  deletePool,
  getMe,
  getProvider,
  getProviderProfile,
  listPools,
  putProviderProfile,
  updatePool,
} from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newAccount,
  newProvider,
  offer,
  pathsOf,
  problemOf,
  profileBody,
  rawSigned,
} from '../offerings/_support';
import { startTestServer, type TestServer } from '../support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('provider profile', () => {
  it('makes the account a provider and is replaced whole by a second PUT', async () => {
    const account = await newAccount(server, 'seller');
    expect(await problemOf(getProviderProfile(account.client, {}))).toMatchObject({
      status: 403,
      code: 'not_a_provider',
    });

    const created = await putProviderProfile(account.client, {
      body: profileBody(account.username),
    });
    expect(created).toMatchObject({
      username: account.username,
      legal_name: `${account.username} Hosting GmbH`,
      country: 'DE',
      website: 'https://hosting.example.com',
    });
    expect((await getMe(account.client, {})).is_provider).toBe(true);

    const { website: _website, ...withoutWebsite } = profileBody(account.username);
    const replaced = await putProviderProfile(account.client, {
      body: { ...withoutWebsite, legal_name: 'Renamed Hosting AG', country: 'AT' },
    });
    expect(replaced).toMatchObject({
      legal_name: 'Renamed Hosting AG',
      country: 'AT',
      website: null,
    });
    expect(replaced.created_at).toBe(created.created_at);
    expect(await getProviderProfile(account.client, {})).toEqual(replaced);
  });

  it('refuses a bad profile naming each field, and saves nothing', async () => {
    const account = await newAccount(server, 'seller');
    const answer = await rawSigned(server, account, 'PUT', '/v1/provider/profile', {
      ...profileBody(account.username),
      country: 'XX',
      support_email: 'nope',
    });
    expect(answer.status).toBe(422);
    expect(answer.json.code).toBe('validation_failed');
    expect(pathsOf(answer.json)).toEqual(['body.country', 'body.support_email']);
    expect((await getMe(account.client, {})).is_provider).toBe(false);
  });
});

describe('public provider summary', () => {
  it('counts listed offerings only and reports the pools as offline without heartbeats', async () => {
    const provider = await newProvider(server);
    await offer(provider);
    await offer(provider);
    await offer(provider, { draft: true });
    await offer(provider, { visibility: 'private' });
    await offer(provider, { stock: 'out_of_stock' });
    // Served by an agent of the pool, which never reported: not listed.
    await offer(provider, { provisioner: 'docker', pool_id: provider.poolId });

    const summary = await getProvider(server.anonymous, { username: provider.username });
    expect(summary).toMatchObject({
      username: provider.username,
      legal_name: `${provider.username} Hosting GmbH`,
      listed_offerings: 2,
      online: false,
      trust_score: null,
    });

    await server.database.db
      .updateTable('pools')
      .set({ last_heartbeat_at: new Date() })
      .where('id', '=', provider.poolId)
      .execute();
    const online = await getProvider(server.anonymous, { username: provider.username });
    expect(online).toMatchObject({ listed_offerings: 3, online: true });
  });

  it('is a 404 for an account that is not a provider', async () => {
    const account = await newAccount(server);
    expect(
      await problemOf(getProvider(server.anonymous, { username: account.username })),
    ).toMatchObject({ status: 404, code: 'not_found' });
  });
});

describe('pools', () => {
  it('are created, listed, renamed without losing other fields, and deleted', async () => {
    const provider = await newProvider(server);
    const pool = await createPool(provider.client, {
      body: { name: 'hel1', region: 'europe', country: 'FI', provisioner_kinds: ['proxmox'] },
    });
    expect(pool).toMatchObject({
      name: 'hel1',
      country: 'FI',
      provisioner_kinds: ['proxmox'],
      online: false,
      last_heartbeat_at: null,
    });
    expect((await listPools(provider.client, {})).items.map((p) => p.name)).toEqual([
      'fsn1',
      'hel1',
    ]);

    const renamed = await updatePool(provider.client, { id: pool.id, body: { name: 'hel2' } });
    expect(renamed).toMatchObject({ name: 'hel2', country: 'FI', provisioner_kinds: ['proxmox'] });

    expect(
      await problemOf(
        createPool(provider.client, {
          body: { name: 'fsn1', region: 'europe', provisioner_kinds: ['manual'] },
        }),
      ),
    ).toMatchObject({ status: 409, code: 'pool_name_taken', paths: ['body.name'] });

    await deletePool(provider.client, { id: pool.id });
    expect((await listPools(provider.client, {})).items.map((p) => p.name)).toEqual(['fsn1']);
  });

  it("are another provider's business: 404 on update and delete, absent from the list", async () => {
    const owner = await newProvider(server);
    const other = await newProvider(server);
    expect(
      await problemOf(updatePool(other.client, { id: owner.poolId, body: { name: 'x' } })),
    ).toMatchObject({
      status: 404,
      code: 'not_found',
    });
    expect(await problemOf(deletePool(other.client, { id: owner.poolId }))).toMatchObject({
      status: 404,
      code: 'not_found',
    });
    const otherPools = (await listPools(other.client, {})).items.map((p) => p.id);
    expect(otherPools).not.toContain(owner.poolId);
    expect((await listPools(owner.client, {})).items.map((p) => p.id)).toEqual([owner.poolId]);
  });

  it('cannot be deleted while an offering uses it, nor lose a kind an offering runs', async () => {
    const provider = await newProvider(server);
    const offering = await offer(provider, { provisioner: 'docker', pool_id: provider.poolId });

    expect(await problemOf(deletePool(provider.client, { id: provider.poolId }))).toMatchObject({
      status: 409,
      code: 'pool_in_use',
    });
    expect(
      await problemOf(
        updatePool(provider.client, {
          id: provider.poolId,
          body: { provisioner_kinds: ['manual'] },
        }),
      ),
    ).toMatchObject({ status: 422, code: 'validation_failed', paths: ['body.provisioner_kinds'] });

    await deleteOffering(provider.client, { id: offering.id });
    await deletePool(provider.client, { id: provider.poolId });
    expect((await listPools(provider.client, {})).items).toEqual([]);
  });
});
