import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSshPublicKey } from '../../src/testing/fakes/digitalocean/test-key';
import { FakeVultr } from '../../src/testing/fakes/vultr/fake';
import { wireCaller } from '../_shared/fakes';

describe('FakeVultr wire behaviour', () => {
  const fake = new FakeVultr();
  let base = '';
  const call = wireCaller(() => base, fake.apiKey);
  const valid = {
    region: 'fra',
    plan: 'vc2-1c-1gb',
    os_id: 2284,
    label: 'dc-wire',
    tags: ['dc-managed'],
    user_data: Buffer.from('#cloud-config\n').toString('base64'),
  };

  beforeAll(async () => {
    base = await fake.start();
  });
  afterAll(() => fake.close());

  it('answers a bad API key with the real 401 shape', async () => {
    expect(await call('GET', '/account', undefined, 'nope')).toMatchObject({
      status: 401,
      body: { error: 'Invalid API token.', status: 401 },
    });
  });

  it('answers a 429 with the error body only, as Vultr does', async () => {
    fake.server.faults.rateLimitNext = 1;
    const res = await call('GET', '/account');
    expect(res).toMatchObject({ status: 429, body: { status: 429 } });
    expect(String(res.body['error'])).toContain('Rate limit');
    expect(res.headers.get('retry-after')).toBeNull();
  });

  it('paginates with cursors in meta.links', async () => {
    const first = await call('GET', '/plans?per_page=2');
    const meta = first.body['meta'] as { total: number; links: { next: string; prev: string } };
    expect(meta.total).toBe(5);
    expect(meta.links.prev).toBe('');
    const second = await call(
      'GET',
      `/plans?per_page=2&cursor=${encodeURIComponent(meta.links.next)}`,
    );
    expect((second.body['plans'] as { id: string }[]).map((p) => p.id)).toEqual([
      'vc2-2c-4gb',
      'vc2-4c-8gb',
    ]);
    expect((await call('GET', '/plans?cursor=garbage')).body).toEqual({
      error: 'Invalid cursor.',
      status: 400,
    });
  });

  it('validates instance creation with 400 messages that name the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...valid, region: 'xyz' }, 'Invalid region'],
      [{ ...valid, plan: 'vc9' }, 'Invalid plan'],
      [{ ...valid, plan: 'vc2-4c-8gb' }, 'Plan is not available in the selected region.'],
      [{ ...valid, os_id: undefined }, 'Specify exactly one of os_id'],
      [{ ...valid, image_id: 'app' }, 'Specify exactly one of os_id'],
      [{ ...valid, os_id: 1 }, 'Invalid os_id'],
      [{ ...valid, user_data: '#cloud-config' }, 'user_data must be base64 encoded.'],
      [{ ...valid, sshkey_id: ['nope'] }, 'Invalid SSH key ID'],
      [{ ...valid, tags: 'dc-managed' }, 'tags must be an array'],
    ];
    for (const [body, message] of cases) {
      const res = await call('POST', '/instances', body);
      expect(res.status, message).toBe(400);
      expect(String(res.body['error'])).toContain(message);
      expect(res.body['status']).toBe(400);
    }
    expect(fake.instances()).toEqual([]);
  });

  it('deploys an instance: pending and stopped, then active and running; password only once', async () => {
    const key = (await call('POST', '/ssh-keys', { name: 'k', ssh_key: testSshPublicKey() })).body[
      'ssh_key'
    ] as { id: string };
    const res = await call('POST', '/instances', { ...valid, sshkey_id: [key.id] });
    expect(res.status).toBe(202);
    const created = res.body['instance'] as {
      id: string;
      status: string;
      power_status: string;
      default_password: string;
      main_ip: string;
    };
    expect(created).toMatchObject({
      status: 'pending',
      power_status: 'stopped',
      main_ip: '0.0.0.0',
    });
    expect(created.default_password).toBeTruthy();
    await new Promise((r) => setTimeout(r, 30));
    const got = (await call('GET', `/instances/${created.id}`)).body['instance'] as Record<
      string,
      unknown
    >;
    expect(got).toMatchObject({ status: 'active', power_status: 'running', server_status: 'ok' });
    expect(got['default_password']).toBeUndefined();
    expect((await call('GET', '/instances?tag=dc-managed')).body['instances']).toHaveLength(1);
    expect((await call('DELETE', `/instances/${created.id}`)).status).toBe(204);
    expect(await call('GET', `/instances/${created.id}`)).toMatchObject({
      status: 404,
      body: { error: 'invalid instance ID', status: 404 },
    });
  });
});
