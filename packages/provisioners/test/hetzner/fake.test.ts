import { describe, expect, it } from 'vitest';
import { generateSshPublicKey } from '../../src/testing/fakes/hetzner';
import { startFake } from './helpers';

type Fake = Awaited<ReturnType<typeof startFake>>;
/** The fields of answers these tests read. */
interface Body {
  error?: { code: string; message: string; details: unknown };
  meta?: unknown;
  server_types?: unknown[];
  servers?: { name: string }[];
  ssh_keys?: unknown[];
  [key: string]: unknown;
}

async function call(
  fake: Fake,
  method: string,
  path: string,
  body?: unknown,
  token: string = fake.token,
) {
  const response = await fetch(`${fake.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? null : (JSON.parse(text) as Body),
  };
}

const createBody = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  server_type: 'cx22',
  image: 'ubuntu-24.04',
  location: 'fsn1',
  ...extra,
});

describe('fake Hetzner Cloud API', () => {
  it('answers a bad token with the real 401 shape and rate-limit headers', async () => {
    const fake = await startFake();
    const res = await call(fake, 'GET', '/servers', undefined, 'nope');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      error: { code: 'unauthorized', message: 'unable to authenticate', details: null },
    });
    expect(res.headers.get('ratelimit-limit')).toBe('3600');
  });

  it('sends RateLimit-Limit/Remaining/Reset on every answer, Reset as a Unix timestamp', async () => {
    const fake = await startFake();
    const first = await call(fake, 'GET', '/locations');
    const second = await call(fake, 'GET', '/no/such/thing');
    expect(second.status).toBe(404);
    expect(second.body).toMatchObject({ error: { code: 'not_found' } });
    expect(Number(second.headers.get('ratelimit-remaining'))).toBe(
      Number(first.headers.get('ratelimit-remaining')) - 1,
    );
    const reset = Number(first.headers.get('ratelimit-reset'));
    expect(reset).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
    expect(reset).toBeLessThan(Date.now() / 1000 + 60);
  });

  it('paginates with meta.pagination', async () => {
    const fake = await startFake();
    const page2 = await call(fake, 'GET', '/server_types?per_page=5&page=2');
    expect(page2.body?.server_types).toHaveLength(5);
    expect(page2.body?.meta).toEqual({
      pagination: {
        page: 2,
        per_page: 5,
        previous_page: 1,
        next_page: 3,
        last_page: 4,
        total_entries: 16,
      },
    });
    const last = await call(fake, 'GET', '/server_types?per_page=5&page=4');
    expect(last.body?.meta).toMatchObject({ pagination: { next_page: null, last_page: 4 } });
    expect((await call(fake, 'GET', '/server_types?per_page=500')).body?.meta).toMatchObject({
      pagination: { per_page: 50 },
    });
    expect((await call(fake, 'GET', '/server_types?page=0')).body).toMatchObject({
      error: { code: 'invalid_input' },
    });
  });

  it('creates a server with an action that runs, then succeeds, and a root password without keys', async () => {
    // Actions would run a minute; the test ends them by moving the fake's time, so a slow
    // machine cannot see one finish before it was read as running.
    const fake = await startFake({ actionDelayMs: 60_000 });
    const res = await call(
      fake,
      'POST',
      '/servers',
      createBody('web-1', { labels: { env: 'test' } }),
    );
    expect(res.status).toBe(201);
    const {
      server,
      action,
      next_actions: next,
      root_password: password,
    } = res.body as unknown as {
      server: { id: number; status: string; labels: object; public_net: { ipv4: { ip: string } } };
      action: { id: number; status: string; command: string };
      next_actions: { command: string }[];
      root_password: string;
    };
    expect(server).toMatchObject({ status: 'initializing', labels: { env: 'test' } });
    expect(server.public_net.ipv4.ip).toMatch(/^(203\.0\.113|198\.51\.100|192\.0\.2)\./);
    expect(action).toMatchObject({ command: 'create_server', status: 'running' });
    expect(next.map((a) => a.command)).toEqual(['start_server']);
    expect(password).toMatch(/.{12,}/);
    expect((await call(fake, 'GET', `/actions/${action.id}`)).body).toMatchObject({
      action: { status: 'running', progress: 0 },
    });
    fake.state.settle(Date.now() + 60_000);
    expect((await call(fake, 'GET', `/actions/${action.id}`)).body).toMatchObject({
      action: { status: 'success', progress: 100, error: null },
    });
    expect((await call(fake, 'GET', `/servers/${server.id}`)).body).toMatchObject({
      server: { status: 'running' },
    });
  });

  it('reads several actions at once with GET /actions?id=..., leaving out unknown ids', async () => {
    const fake = await startFake({ actionDelayMs: 0 });
    const res = await call(fake, 'POST', '/servers', createBody('web-1'));
    const { action, next_actions: next } = res.body as unknown as {
      action: { id: number };
      next_actions: { id: number }[];
    };
    const started = next[0]?.id ?? 0;
    const list = await call(fake, 'GET', `/actions?id=${started}&id=${action.id}&id=999`);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({
      actions: [
        { id: action.id, command: 'create_server', status: 'success' },
        { id: started, command: 'start_server', status: 'success' },
      ],
      meta: { pagination: { page: 1, total_entries: 2 } },
    });
    // Listing every action of the project is no longer possible at Hetzner.
    expect((await call(fake, 'GET', '/actions')).body?.error).toMatchObject({
      code: 'invalid_input',
    });
    expect((await call(fake, 'GET', '/actions?id=x')).status).toBe(400);
  });

  it('fails the next action on failActionNext', async () => {
    const fake = await startFake({ actionDelayMs: 0 });
    fake.faults.failActionNext = 1;
    const res = await call(fake, 'POST', '/servers', createBody('web-1'));
    const id = (res.body as unknown as { action: { id: number } }).action.id;
    expect((await call(fake, 'GET', `/actions/${id}`)).body).toMatchObject({
      action: { status: 'error', error: { code: 'action_failed' } },
    });
    expect(fake.servers()[0]?.status).toBe('off');
  });

  it('refuses a duplicate name with uniqueness_error and bad input with field details', async () => {
    const fake = await startFake();
    await call(fake, 'POST', '/servers', createBody('web-1'));
    expect(await call(fake, 'POST', '/servers', createBody('web-1'))).toMatchObject({
      status: 409,
      body: { error: { code: 'uniqueness_error', details: { fields: [{ name: 'name' }] } } },
    });
    expect(await call(fake, 'POST', '/servers', createBody('bad_name'))).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_input', details: { fields: [{ name: 'name' }] } } },
    });
    expect(
      await call(
        fake,
        'POST',
        '/servers',
        createBody('web-2', { server_type: 'cax11', image: 'rocky-9' }),
      ),
    ).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_input' } },
    });
    expect(
      await call(fake, 'POST', '/servers', createBody('web-3', { location: 'ash' })),
    ).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_input', details: { fields: [{ name: 'server_type' }] } } },
    });
    expect(await call(fake, 'POST', '/servers', '{not json')).toMatchObject({
      status: 400,
      body: { error: { code: 'json_error' } },
    });
    expect(fake.servers()).toHaveLength(1);
  });

  it('filters by label_selector', async () => {
    const fake = await startFake();
    fake.addServer({ name: 'a', labels: { env: 'prod', tier: 'web' } });
    fake.addServer({ name: 'b', labels: { env: 'dev' } });
    fake.addServer({ name: 'c' });
    const names = async (selector: string) =>
      (
        (await call(fake, 'GET', `/servers?label_selector=${encodeURIComponent(selector)}`)).body
          ?.servers ?? []
      ).map((s) => s.name);
    expect(await names('env=prod')).toEqual(['a']);
    expect(await names('env==dev')).toEqual(['b']);
    expect(await names('env')).toEqual(['a', 'b']);
    expect(await names('!env')).toEqual(['c']);
    expect(await names('env!=prod')).toEqual(['b', 'c']);
    expect(await names('env in (prod,dev),tier')).toEqual(['a']);
    expect(await names('env notin (prod)')).toEqual(['b', 'c']);
    expect((await call(fake, 'GET', '/servers?label_selector=%3D%3Dbad')).body).toMatchObject({
      error: { code: 'invalid_input' },
    });
  });

  it('keeps SSH keys with MD5 fingerprints, unique by name and fingerprint', async () => {
    const fake = await startFake();
    const key = generateSshPublicKey();
    const made = await call(fake, 'POST', '/ssh_keys', {
      name: 'k1',
      public_key: key,
      labels: { a: 'b' },
    });
    expect(made.status).toBe(201);
    const fingerprint = (made.body as unknown as { ssh_key: { fingerprint: string } }).ssh_key
      .fingerprint;
    expect(fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    expect(
      (await call(fake, 'POST', '/ssh_keys', { name: 'k2', public_key: key })).body,
    ).toMatchObject({
      error: { code: 'uniqueness_error', details: { fields: [{ name: 'public_key' }] } },
    });
    expect(
      (await call(fake, 'GET', `/ssh_keys?fingerprint=${fingerprint}`)).body?.ssh_keys,
    ).toHaveLength(1);
    expect(
      (await call(fake, 'POST', '/ssh_keys', { name: 'k3', public_key: 'ssh-rsa AAAA' })).status,
    ).toBe(400);
  });

  it('answers locked while an action runs on the server', async () => {
    const fake = await startFake({ actionDelayMs: 1_000 });
    const server = fake.addServer({ name: 'a' });
    expect((await call(fake, 'POST', `/servers/${server.id}/actions/poweroff`)).status).toBe(201);
    expect(await call(fake, 'POST', `/servers/${server.id}/actions/poweron`)).toMatchObject({
      status: 423,
      body: { error: { code: 'locked' } },
    });
  });

  it('keeps the server after a crash after create, and answers 429 with a Hetzner body on rateLimitNext', async () => {
    const fake = await startFake();
    fake.faults.crashAfterCreateNext = 1;
    await expect(call(fake, 'POST', '/servers', createBody('web-1'))).rejects.toThrow();
    expect(fake.servers().map((s) => s.name)).toEqual(['web-1']);
    fake.faults.rateLimitNext = 1;
    const limited = await call(fake, 'GET', '/servers');
    expect(limited).toMatchObject({
      status: 429,
      body: { error: { code: 'rate_limit_exceeded' } },
    });
    expect(Number(limited.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(
      Math.floor(Date.now() / 1000),
    );
  });
});
