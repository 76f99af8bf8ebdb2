// Offering create/update/delete/duplicate over real HTTP: every problem is reported at once
// with its field path and nothing half-saves, a patch is validated merged with what is stored,
// and one provider can neither see nor touch another's offerings.

import {
  createOffering,
  createPool,
  deleteOffering,
  duplicateOffering,
  getOffering,
  listMyOfferings,
  type Offering,
  type OfferingInput,
  searchOfferings,
  updateOffering,
} from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';
import {
  newAccount,
  newProvider,
  offer,
  offeringBody,
  pathsOf,
  problemOf,
  rawSigned,
  type TestProvider,
  unique,
} from './_support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

async function allMine(client: Parameters<typeof listMyOfferings>[0]): Promise<Offering[]> {
  const items: Offering[] = [];
  let cursor: string | undefined;
  do {
    const page = await listMyOfferings(client, { limit: 100, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return items;
}

describe('createOffering', () => {
  it('stores the offering with its derived region and returns it to the owner in full', async () => {
    const provider = await newProvider(server);
    const renter = await newAccount(server);
    const created = await offer(provider, {
      country: 'FI',
      provisioner: 'hetzner',
      pool_id: provider.poolId,
      provisioner_config: { serverType: 'cx22', location: 'hel1' },
      visibility: 'shared',
      allowed_accounts: [renter.username],
      post_provision_script: '#!/bin/sh\necho ready\n',
    });
    expect(created).toMatchObject({
      region: 'europe',
      provider_username: provider.username,
      provisioner_config: { serverType: 'cx22', location: 'hel1' },
      allowed_accounts: [renter.username],
      draft: false,
      listed: false,
      online: false,
      market_delta_pct: null,
    });
    expect(await allMine(provider.client)).toEqual([created]);
  });

  it('reports every schema problem at once (server side), saving nothing', async () => {
    const provider = await newProvider(server);
    const answer = await rawSigned(server, provider, 'POST', '/v1/provider/offerings', {
      ...offeringBody(),
      price_per_month: 0,
      cpu_cores: 0,
      min_hours: 10,
      max_hours: 5,
      country: 'XX',
    });
    expect(answer.status).toBe(422);
    expect(answer.json.code).toBe('validation_failed');
    expect(pathsOf(answer.json)).toEqual([
      'body.country',
      'body.cpu_cores',
      'body.max_hours',
      'body.price_per_month',
    ]);
    expect(await allMine(provider.client)).toEqual([]);
  });

  it('reports every database check at once: foreign pool, provisioner config, unknown accounts', async () => {
    const provider = await newProvider(server);
    const stranger = await newProvider(server);
    const renter = await newAccount(server);
    const body = offeringBody({
      provisioner: 'hetzner',
      pool_id: stranger.poolId,
      provisioner_config: { serverType: 'cx22', colour: 'red' },
      visibility: 'shared',
      allowed_accounts: [renter.username, 'nobody-here', 'nobody-there'],
    });
    const problem = await problemOf(offerVia(provider, body));
    expect(problem).toMatchObject({ status: 422, code: 'validation_failed' });
    expect(problem.paths).toEqual([
      'body.allowed_accounts',
      'body.pool_id',
      'body.provisioner_config.colour',
    ]);
    expect(problem.detail).toContain('"nobody-here", "nobody-there"');
    expect(problem.detail).not.toContain(renter.username);
    expect(await allMine(provider.client)).toEqual([]);

    // Nothing was kept: the same offering, fixed, goes in under the same slug.
    const fixed = await offerVia(provider, {
      ...body,
      pool_id: provider.poolId,
      provisioner_config: { serverType: 'cx22' },
      allowed_accounts: [renter.username],
    });
    expect(fixed.slug).toBe(body.slug);
  });

  it("refuses a provisioner the offering's pool does not run", async () => {
    const provider = await newProvider(server);
    const problem = await problemOf(
      offerVia(provider, offeringBody({ provisioner: 'vultr', pool_id: provider.poolId })),
    );
    expect(problem).toMatchObject({ status: 422, paths: ['body.provisioner'] });
    expect(problem.detail).toContain('manual, docker, hetzner');
  });

  it('refuses to publish an agent-served offering without a pool; a draft or manual one may go without', async () => {
    const provider = await newProvider(server);
    const problem = await problemOf(
      offerVia(provider, offeringBody({ provisioner: 'docker', pool_id: null })),
    );
    expect(problem).toMatchObject({ status: 422, paths: ['body.pool_id'] });
    expect(problem.detail).toContain('POST /v1/provider/pools');
    const draft = await offerVia(
      provider,
      offeringBody({ provisioner: 'docker', pool_id: null, draft: true }),
    );
    expect(draft.pool_id).toBeNull();
    const manual = await offerVia(provider, offeringBody({ provisioner: 'manual', pool_id: null }));
    expect(manual.draft).toBe(false);
  });

  it('refuses a slug the provider already uses with 409 slug_taken; other providers may use it', async () => {
    const provider = await newProvider(server);
    const other = await newProvider(server);
    const first = await offer(provider);
    expect(await problemOf(offer(provider, { slug: first.slug }))).toMatchObject({
      status: 409,
      code: 'slug_taken',
      paths: ['body.slug'],
    });
    expect((await offer(other, { slug: first.slug })).slug).toBe(first.slug);
  });
});

function offerVia(provider: TestProvider, body: OfferingInput) {
  return createOffering(provider.client, { body });
}

describe('updateOffering', () => {
  it('merges the patch into the stored offering', async () => {
    const provider = await newProvider(server);
    const created = await offer(provider, { min_hours: 10, city: 'Nuremberg' });
    const updated = await updateOffering(provider.client, {
      id: created.id,
      body: { name: 'VPS 4 (2025)', price_per_month: 1234 },
    });
    expect(updated).toEqual({
      ...created,
      name: 'VPS 4 (2025)',
      price_per_month: 1234,
      updated_at: updated.updated_at,
    });
  });

  it('validates the merged whole: max_hours below the stored min_hours is refused', async () => {
    const provider = await newProvider(server);
    const created = await offer(provider, { min_hours: 10 });
    expect(
      await problemOf(updateOffering(provider.client, { id: created.id, body: { max_hours: 5 } })),
    ).toMatchObject({ status: 422, code: 'validation_failed', paths: ['body.max_hours'] });
    // Setting a GPU type without GPUs breaks two rules that span fields; both are named.
    expect(
      await problemOf(
        updateOffering(provider.client, {
          id: created.id,
          body: { product_type: 'gpu', gpu_memory_gib: 24 },
        }),
      ),
    ).toMatchObject({ status: 422, paths: ['body.gpu_count', 'body.gpu_memory_gib'] });
    expect((await allMine(provider.client))[0]).toEqual(created);
  });

  it('runs the database checks on the merged offering too', async () => {
    const provider = await newProvider(server);
    const created = await offer(provider, {
      provisioner: 'hetzner',
      pool_id: provider.poolId,
      provisioner_config: { serverType: 'cx22' },
    });
    expect(
      await problemOf(
        updateOffering(provider.client, {
          id: created.id,
          body: { provisioner_config: { serverType: 'cx22', region: 'fsn1' } },
        }),
      ),
    ).toMatchObject({ status: 422, paths: ['body.provisioner_config.region'] });
    expect(
      await problemOf(
        updateOffering(provider.client, { id: created.id, body: { provisioner: 'vultr' } }),
      ),
      // The pool does not run vultr, and the stored hetzner settings mean nothing to vultr.
    ).toMatchObject({
      status: 422,
      paths: ['body.provisioner', 'body.provisioner_config.serverType'],
    });
    const other = await offer(provider);
    expect(
      await problemOf(
        updateOffering(provider.client, { id: created.id, body: { slug: other.slug } }),
      ),
    ).toMatchObject({ status: 409, code: 'slug_taken', paths: ['body.slug'] });
  });
});

describe("another provider's offering", () => {
  it('cannot be updated, deleted or duplicated (404), and hides its internals', async () => {
    const owner = await newProvider(server);
    const other = await newProvider(server);
    const offering = await offer(owner, {
      provisioner: 'hetzner',
      pool_id: owner.poolId,
      provisioner_config: { serverType: 'cx22' },
      post_provision_script: 'apt-get update\n',
    });
    const id = offering.id;
    // One at a time, so each refusal is awaited before the next call starts.
    for (const call of [
      () => updateOffering(other.client, { id, body: { name: 'mine now' } }),
      () => deleteOffering(other.client, { id }),
      () => duplicateOffering(other.client, { id, body: { slug: unique('copy') } }),
    ]) {
      expect(await problemOf(call())).toMatchObject({ status: 404, code: 'not_found' });
    }
    expect((await getOffering(owner.client, { id })).offering.name).toBe('VPS 4');
    expect((await allMine(other.client)).map((o) => o.id)).toEqual([]);

    const seen = (await getOffering(other.client, { id })).offering;
    expect(seen).toMatchObject({
      name: 'VPS 4',
      provisioner_config: {},
      post_provision_script: 'apt-get update\n',
    });
    expect((await getOffering(owner.client, { id })).offering.provisioner_config).toEqual({
      serverType: 'cx22',
    });
  });

  it('stays invisible while a draft or private, except to its owner', async () => {
    const owner = await newProvider(server);
    const renter = await newAccount(server);
    const draft = await offer(owner, { draft: true });
    const secret = await offer(owner, { visibility: 'private' });
    for (const { id } of [draft, secret]) {
      expect(await problemOf(getOffering(server.anonymous, { id }))).toMatchObject({ status: 404 });
      expect(await problemOf(getOffering(renter.client, { id }))).toMatchObject({ status: 404 });
      expect((await getOffering(owner.client, { id })).offering.id).toBe(id);
    }
  });
});

describe('duplicateOffering', () => {
  it('copies every field under the new slug, as a draft', async () => {
    const provider = await newProvider(server);
    const renter = await newAccount(server);
    const source = await offer(provider, {
      visibility: 'shared',
      allowed_accounts: [renter.username],
      provisioner: 'docker',
      pool_id: provider.poolId,
      max_hours: 720,
    });
    const slug = unique('copy');
    const copy = await duplicateOffering(provider.client, { id: source.id, body: { slug } });
    expect(copy).toEqual({
      ...source,
      id: copy.id,
      slug,
      draft: true,
      created_at: copy.created_at,
      updated_at: copy.updated_at,
    });
    expect(copy.id).not.toBe(source.id);
    expect(
      await problemOf(duplicateOffering(provider.client, { id: source.id, body: { slug } })),
    ).toMatchObject({ status: 409, code: 'slug_taken', paths: ['body.slug'] });
  });
});

describe('deleteOffering', () => {
  it('hides the offering everywhere and frees its slug', async () => {
    const provider = await newProvider(server);
    const city = unique('Deletedcity');
    const offering = await offer(provider, { city });
    const search = () => searchOfferings(server.anonymous, { q: `city:"${city}"` });
    expect((await search()).items.map((o) => o.id)).toEqual([offering.id]);

    await deleteOffering(provider.client, { id: offering.id });
    expect((await search()).items).toEqual([]);
    expect(await problemOf(getOffering(server.anonymous, { id: offering.id }))).toMatchObject({
      status: 404,
    });
    expect(await problemOf(getOffering(provider.client, { id: offering.id }))).toMatchObject({
      status: 404,
    });
    expect(await allMine(provider.client)).toEqual([]);
    expect(await problemOf(deleteOffering(provider.client, { id: offering.id }))).toMatchObject({
      status: 404,
    });
    expect((await offer(provider, { slug: offering.slug })).slug).toBe(offering.slug);
  });
});

describe('listMyOfferings', () => {
  it('pages through every offering of the caller, drafts included, newest first', async () => {
    const provider = await newProvider(server);
    const other = await newProvider(server);
    await offer(other);
    const created: Offering[] = [];
    for (const overrides of [
      {},
      { draft: true },
      { visibility: 'private' as const },
      {},
      { stock: 'discontinued' as const },
    ]) {
      created.push(await offer(provider, overrides));
    }
    const first = await listMyOfferings(provider.client, { limit: 2 });
    expect(first.next_cursor).not.toBeNull();
    const ids: string[] = first.items.map((o) => o.id);
    let cursor = first.next_cursor;
    while (cursor) {
      const page = await listMyOfferings(provider.client, { limit: 2, cursor });
      expect(page.items.length).toBeGreaterThan(0);
      ids.push(...page.items.map((o) => o.id));
      cursor = page.next_cursor;
    }
    expect(ids).toEqual(created.map((o) => o.id).reverse());
  });
});

describe('pools of the offering', () => {
  it("accepts any own pool that runs the kind, with that kind's per-offering settings", async () => {
    const provider = await newProvider(server);
    const pool = await createPool(provider.client, {
      body: { name: 'ams1', region: 'europe', country: 'NL', provisioner_kinds: ['proxmox'] },
    });
    const offering = await offer(provider, {
      provisioner: 'proxmox',
      pool_id: pool.id,
      provisioner_config: { storage: 'local-lvm', bridge: 'vmbr0' },
    });
    expect(offering.pool_id).toBe(pool.id);
  });
});
