import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDigitalOcean } from '../../src/testing/fakes/digitalocean/fake';
import { testSshPublicKey } from '../../src/testing/fakes/digitalocean/test-key';
import { wireCaller } from '../_shared/fakes';

describe('FakeDigitalOcean wire behaviour', () => {
  const fake = new FakeDigitalOcean();
  let base = '';
  const call = wireCaller(() => base, fake.token);
  const valid = {
    name: 'dc-wire',
    region: 'fra1',
    size: 's-1vcpu-1gb',
    image: 'ubuntu-24-04-x64',
    tags: ['dc-managed'],
  };

  beforeAll(async () => {
    base = await fake.start();
  });
  afterAll(() => fake.close());

  it('answers a bad token with the real 401 shape and rate-limit headers', async () => {
    const res = await call('GET', '/account', undefined, 'nope');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ id: 'Unauthorized', message: 'Unable to authenticate you' });
    expect(Number(res.headers.get('ratelimit-limit'))).toBe(5000);
    expect(Number(res.headers.get('ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
  });

  it('counts requests down in ratelimit-remaining', async () => {
    const a = Number((await call('GET', '/account')).headers.get('ratelimit-remaining'));
    const b = Number((await call('GET', '/account')).headers.get('ratelimit-remaining'));
    expect(b).toBe(a - 1);
  });

  it('paginates with links.pages and meta.total', async () => {
    const first = await call('GET', '/sizes?per_page=2');
    expect(first.body['meta']).toEqual({ total: 5 });
    const next = (first.body['links'] as { pages: { next: string } }).pages.next;
    expect(next).toBe(`${base}/sizes?per_page=2&page=2`);
    const last = await call('GET', '/sizes?per_page=2&page=3');
    expect((last.body['sizes'] as unknown[]).length).toBe(1);
    expect((last.body['links'] as { pages: Record<string, string> }).pages['next']).toBeUndefined();
  });

  it('validates droplet creation with 422 messages that name the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...valid, name: 'bad_name' }, 'hostname'],
      [{ ...valid, region: 'mars1' }, 'region is invalid'],
      [{ ...valid, region: 'sgp1' }, 'not available for new droplets'],
      [{ ...valid, size: 's-4vcpu-8gb' }, 'Size is not available in this region.'],
      [{ ...valid, image: 'windows' }, 'invalid image'],
      [{ ...valid, tags: ['dc-contract-a b'] }, 'tag names may contain'],
      [{ ...valid, ssh_keys: [123] }, 'ssh_keys'],
      [{ ...valid, user_data: 'x'.repeat(64 * 1024 + 1) }, 'user_data'],
    ];
    for (const [body, message] of cases) {
      const res = await call('POST', '/droplets', body);
      expect(res.status, message).toBe(422);
      expect(res.body['id']).toBe('unprocessable_entity');
      expect(String(res.body['message'])).toContain(message);
    }
    expect(fake.droplets()).toEqual([]);
  });

  it('creates a droplet that turns active when its action completes', async () => {
    const res = await call('POST', '/droplets', valid);
    expect(res.status).toBe(202);
    const { droplet, links } = res.body as {
      droplet: { id: number; status: string };
      links: { actions: { id: number; rel: string }[] };
    };
    expect(droplet.status).toBe('new');
    expect(links.actions[0]?.rel).toBe('create');
    await new Promise((r) => setTimeout(r, 30));
    expect((await call('GET', `/actions/${links.actions[0]?.id}`)).body['action']).toMatchObject({
      status: 'completed',
      type: 'create',
    });
    expect((await call('GET', `/droplets/${droplet.id}`)).body['droplet']).toMatchObject({
      status: 'active',
    });
    expect((await call('DELETE', `/droplets/${droplet.id}`)).status).toBe(204);
    expect((await call('DELETE', `/droplets/${droplet.id}`)).body).toEqual({
      id: 'not_found',
      message: 'The resource you were accessing could not be found.',
    });
  });

  it('refuses a second copy of the same SSH key', async () => {
    const key = testSshPublicKey();
    expect((await call('POST', '/account/keys', { name: 'a', public_key: key })).status).toBe(201);
    const again = await call('POST', '/account/keys', { name: 'b', public_key: key });
    expect(again).toMatchObject({
      status: 422,
      body: { id: 'unprocessable_entity', message: 'SSH Key is already in use on your account' },
    });
  });
});
