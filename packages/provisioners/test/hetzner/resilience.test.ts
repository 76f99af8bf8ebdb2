import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger';
import { createHcloudAdapter } from '../../src/providers/hetzner';
import { generateSshPublicKey } from '../../src/testing/fakes/hetzner';
import {
  FAST_RETRY,
  newContractId,
  provisionerFor,
  recordingLogger,
  rejectionOf,
  requestFor,
  startFake,
} from './helpers';

describe('hetzner provisioner: rate limits and retries', () => {
  it('waits until RateLimit-Reset after a 429 (shared HTTP client calls)', async () => {
    const fake = await startFake({ injectedResetSeconds: 7 });
    const waits: number[] = [];
    const p = provisionerFor(
      fake,
      {},
      { retry: { ...FAST_RETRY, maxDelayMs: 60_000, sleep: async (ms) => void waits.push(ms) } },
    );
    fake.faults.rateLimitNext = 1;
    expect(await p.listInstances()).toEqual([]);
    expect(waits).toHaveLength(1);
    // Reset is a Unix timestamp 7 s ahead (whole seconds): between 6 and 7 s from now.
    expect(waits[0]).toBeGreaterThan(5_900);
    expect(waits[0]).toBeLessThanOrEqual(7_000);
  });

  it('waits until RateLimit-Reset after a 429 (hcloud-js calls)', async () => {
    const fake = await startFake({ injectedResetSeconds: 3 });
    const waits: number[] = [];
    const api = createHcloudAdapter({
      baseUrl: fake.baseUrl,
      token: fake.token,
      timeoutMs: 5_000,
      logger: silentLogger,
      retry: { ...FAST_RETRY, maxDelayMs: 60_000, sleep: async (ms) => void waits.push(ms) },
    });
    fake.faults.rateLimitNext = 2;
    expect((await api.listLocations()).map((l) => l.name)).toContain('fsn1');
    expect(waits).toHaveLength(2);
    for (const wait of waits) {
      expect(wait).toBeGreaterThan(1_900);
      expect(wait).toBeLessThanOrEqual(3_000);
    }
  });

  it('gives up with rate_limited once the retries are spent', async () => {
    const fake = await startFake({ injectedResetSeconds: 0 });
    fake.faults.rateLimitNext = 10;
    const error = await rejectionOf(provisionerFor(fake).listInstances());
    expect(error).toMatchObject({
      code: 'rate_limited',
      retryable: true,
      upstreamCode: 'rate_limit_exceeded',
    });
  });

  it('is limited by the real bucket too (RateLimit-Remaining reaches 0)', async () => {
    const fake = await startFake({ rateLimit: 3 });
    const error = await rejectionOf(
      provisionerFor(fake, {}, { retry: { retries: 0 } }).provision(requestFor(newContractId())),
    );
    expect(error.code).toBe('rate_limited');
  });

  it('retries 5xx answers on backoff, not at RateLimit-Reset (sent on every answer)', async () => {
    const fake = await startFake();
    const waits: number[] = [];
    const retry = {
      ...FAST_RETRY,
      maxDelayMs: 60_000,
      sleep: async (ms: number) => void waits.push(ms),
    };
    const p = provisionerFor(fake, {}, { retry });
    // Spend some of the bucket so RateLimit-Reset lies seconds ahead.
    for (let i = 0; i < 20; i++) await p.listInstances();
    fake.failNext('unavailable', 2);
    expect(await p.listInstances()).toEqual([]);
    const api = createHcloudAdapter({
      baseUrl: fake.baseUrl,
      token: fake.token,
      timeoutMs: 5_000,
      logger: silentLogger,
      retry,
    });
    fake.failNext('service_error', 2);
    expect(await api.listLocations()).toHaveLength(6);
    expect(fake.requests.filter((r) => r.status === 503)).toHaveLength(4);
    expect(waits).toHaveLength(4);
    for (const wait of waits) expect(wait).toBeLessThan(10);
  });

  it('retries an action refused with "locked" while another action runs', async () => {
    const fake = await startFake({ actionDelayMs: 60 });
    const p = provisionerFor(fake, {}, { retry: { retries: 30, baseDelayMs: 10, maxDelayMs: 20 } });
    const { externalId } = await p.provision(requestFor(newContractId()));
    await Promise.all([p.stop?.(externalId), p.stop?.(externalId)]);
    expect(fake.requests.some((r) => r.status === 423)).toBe(true);
    expect(fake.servers()[0]?.status).toBe('off');
  });
});

describe('hetzner provisioner: pagination', () => {
  it('walks every page of server types, images, locations, servers and keys', async () => {
    const fake = await startFake({ maxPerPage: 2 });
    const p = provisionerFor(fake);
    const ids = [newContractId(), newContractId(), newContractId()];
    for (const id of ids)
      await p.provision(requestFor(id, { sshPublicKeys: [generateSshPublicKey()] }));
    fake.addServer({ name: 'foreign-a' });
    fake.addServer({ name: 'foreign-b' });
    expect((await p.listInstances()).map((i) => i.contractId).sort()).toEqual([...ids].sort());
    const gets = (path: string) =>
      fake.requests.filter((r) => r.method === 'GET' && r.path === path).length;
    // 16 server types and 6 locations at 2 per page.
    expect(gets('/v1/server_types')).toBe(8);
    expect(gets('/v1/locations')).toBe(3);
    // The type list is cached: one walk for three provisions. The adopting lookup, then 2 pages of 3.
    expect(gets('/v1/servers')).toBeGreaterThanOrEqual(3 + 2);
    // The last server type (cx22 is 13th of 16) is only found on a later page.
    expect(
      fake.servers().every((s) => s.server_type.name === 'cx22' || s.name.startsWith('foreign')),
    ).toBe(true);
  });
});

describe('hetzner provisioner: error mapping end to end', () => {
  it('maps resource_limit_exceeded to quota_exceeded', async () => {
    const fake = await startFake({ serverLimit: 0 });
    const error = await rejectionOf(provisionerFor(fake).provision(requestFor(newContractId())));
    expect(error).toMatchObject({
      code: 'quota_exceeded',
      retryable: false,
      upstreamCode: 'resource_limit_exceeded',
    });
    expect(error.message).toContain('server limit exceeded');
  });

  it('maps resource_unavailable (sold out) to a retryable capacity_unavailable and leaves no key behind', async () => {
    const fake = await startFake();
    fake.state.soldOut.add('cx22@fsn1');
    const error = await rejectionOf(
      provisionerFor(fake).provision(
        requestFor(newContractId(), { sshPublicKeys: [generateSshPublicKey()] }),
      ),
    );
    expect(error).toMatchObject({
      code: 'capacity_unavailable',
      retryable: true,
      upstreamCode: 'resource_unavailable',
    });
    expect(fake.sshKeys()).toEqual([]);
  });

  it('maps a bad token to auth_failed without retrying', async () => {
    const fake = await startFake();
    const p = provisionerFor(fake, { token: 'wrong' });
    const error = await rejectionOf(p.provision(requestFor(newContractId())));
    expect(error).toMatchObject({
      code: 'auth_failed',
      retryable: false,
      upstreamCode: 'unauthorized',
    });
    expect(fake.requests).toHaveLength(1);
  });

  it('reports a name taken by a server that is not this contract as a conflict', async () => {
    const fake = await startFake();
    const id = newContractId();
    fake.addServer({ name: `dc-${id.slice(0, 12).toLowerCase()}`, labels: { owner: 'someone' } });
    const error = await rejectionOf(provisionerFor(fake).provision(requestFor(id)));
    expect(error).toMatchObject({ code: 'conflict', retryable: false });
    expect(error.message).toContain('is not labelled for contract');
    expect(fake.servers()).toHaveLength(1);
  });

  it('reports a failed create action with Hetzner code and deletes the server and keys', async () => {
    const fake = await startFake();
    fake.faults.failActionNext = 1;
    const error = await rejectionOf(
      provisionerFor(fake).provision(
        requestFor(newContractId(), { sshPublicKeys: [generateSshPublicKey()] }),
      ),
    );
    expect(error).toMatchObject({ code: 'upstream_error', upstreamCode: 'action_failed' });
    expect(error.message).toContain('create_server');
    expect(fake.servers()).toEqual([]);
    expect(fake.sshKeys()).toEqual([]);
  });

  it('throws on a crash after create, then adopts the server the cloud made', async () => {
    const fake = await startFake();
    const p = provisionerFor(fake);
    const id = newContractId();
    fake.faults.crashAfterCreateNext = 1;
    const error = await rejectionOf(
      p.provision(requestFor(id, { sshPublicKeys: [generateSshPublicKey()] })),
    );
    expect(error).toMatchObject({ code: 'network_error' });
    expect(fake.requests.some((r) => r.path === '/v1/servers' && r.status === 0)).toBe(true);
    // The create was not re-sent: one server.
    expect(fake.servers()).toHaveLength(1);
    const instance = await p.provision(requestFor(id));
    expect(instance).toMatchObject({
      externalId: String(fake.servers()[0]?.id),
      status: 'running',
    });
  });

  it('stops a request in flight when the caller aborts, as aborted', async () => {
    const fake = await startFake();
    fake.faults.latencyMs = 500;
    const controller = new AbortController();
    const pending = provisionerFor(fake).getInstance('42', { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await rejectionOf(pending)).toMatchObject({ code: 'aborted' });
    // Given up before the fake answered.
    expect(fake.requests).toEqual([]);
  });

  it('cleans up when the caller aborts while the create action runs', async () => {
    const fake = await startFake({ actionDelayMs: 200 });
    const controller = new AbortController();
    const pending = provisionerFor(fake).provision(requestFor(newContractId()), {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    expect(await rejectionOf(pending)).toMatchObject({ code: 'aborted' });
    expect(fake.servers()).toEqual([]);
  });
});

describe('hetzner provisioner: logs', () => {
  it('never logs the token, root passwords or user data', async () => {
    const fake = await startFake();
    const logger = recordingLogger();
    const p = provisionerFor(fake, {}, { logger });
    const script = 'echo secret-recipe-content';
    const instance = await p.provision(requestFor(newContractId(), { script }));
    const password = await p.resetPassword?.(instance.externalId);
    fake.faults.serverErrorNext = 1;
    await p.listInstances();
    const all = logger.lines.join('\n');
    expect(logger.lines.length).toBeGreaterThan(5);
    expect(all).toContain('"status":503');
    for (const secret of [
      fake.token,
      instance.rootPassword,
      password,
      Buffer.from(script).toString('base64'),
    ]) {
      expect(secret).toBeTruthy();
      expect(all).not.toContain(secret);
    }
  });
});
