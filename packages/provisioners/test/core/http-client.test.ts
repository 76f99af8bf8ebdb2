import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, type Logger, ProvisionerError } from '../../src/index';
import { FakeHttpServer, json } from '../../src/testing/index';

const fast = { sleep: async () => {}, random: () => 0 };
let server: FakeHttpServer;
afterEach(() => server?.close());

async function start(setup: (s: FakeHttpServer) => void): Promise<string> {
  server = new FakeHttpServer();
  setup(server);
  return server.listen();
}

describe('createHttpClient', () => {
  it('sends JSON and query, parses JSON answers', async () => {
    const url = await start((s) =>
      s.route('POST', '/v1/things', (req) =>
        json(201, { got: req.body, page: req.query.get('page') }),
      ),
    );
    const http = createHttpClient({ baseUrl: url, retry: fast });
    expect(
      await http.request({
        method: 'POST',
        path: '/v1/things',
        json: { a: 1 },
        query: { page: 2, skip: undefined },
      }),
    ).toEqual({ got: { a: 1 }, page: '2' });
  });

  it('retries a 429 honouring Retry-After, also for POST', async () => {
    const url = await start((s) => s.route('POST', '/v1/things', () => json(201, { ok: true })));
    server.faults.rateLimitNext = 2;
    const http = createHttpClient({ baseUrl: url, retry: fast });
    expect(await http.request({ method: 'POST', path: '/v1/things', json: {} })).toEqual({
      ok: true,
    });
    expect(server.log.map((l) => l.status)).toEqual([429, 429, 201]);
  });

  it('retries a 5xx on GET but never re-sends a POST that may have created something', async () => {
    const url = await start((s) => {
      s.route('GET', '/v1/things', () => json(200, []));
      s.route('POST', '/v1/things', () => json(201, {}));
    });
    const http = createHttpClient({ baseUrl: url, retry: fast });
    server.faults.serverErrorNext = 1;
    await http.request({ method: 'GET', path: '/v1/things' });
    server.faults.serverErrorNext = 1;
    await expect(
      http.request({ method: 'POST', path: '/v1/things', json: {} }),
    ).rejects.toMatchObject({ code: 'upstream_error', retryable: true });
    expect(server.log.map((l) => `${l.method} ${l.status}`)).toEqual([
      'GET 503',
      'GET 200',
      'POST 503',
    ]);
  });

  it('maps statuses to codes', async () => {
    const url = await start((s) => {
      s.route('GET', '/401', () => json(401, {}));
      s.route('GET', '/409', () => json(409, {}));
      s.route('GET', '/422', () => json(422, {}));
    });
    const http = createHttpClient({ baseUrl: url, retry: fast });
    await expect(http.request({ method: 'GET', path: '/401' })).rejects.toMatchObject({
      code: 'auth_failed',
      retryable: false,
    });
    await expect(http.request({ method: 'GET', path: '/422' })).rejects.toMatchObject({
      code: 'invalid_request',
      retryable: false,
    });
    await expect(
      http.request({ method: 'GET', path: '/409', idempotent: false }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(await http.requestOrNull({ method: 'GET', path: '/missing' })).toBeNull();
  });

  it('times out a slow answer with a retryable timeout error', async () => {
    const url = await start((s) => s.route('GET', '/slow', () => json(200, {})));
    server.faults.latencyMs = 300;
    const http = createHttpClient({ baseUrl: url, timeoutMs: 50, retry: { ...fast, retries: 0 } });
    await expect(http.request({ method: 'GET', path: '/slow' })).rejects.toMatchObject({
      code: 'timeout',
      retryable: true,
    });
  });

  it('stops on abort', async () => {
    const url = await start((s) => s.route('GET', '/slow', () => json(200, {})));
    server.faults.latencyMs = 500;
    const http = createHttpClient({ baseUrl: url, retry: fast });
    const controller = new AbortController();
    const pending = http.request({ method: 'GET', path: '/slow', signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
  });

  it('passes on a ProvisionerError thrown by a custom fetch unchanged, without retrying it', async () => {
    const refused = new ProvisionerError('invalid_config', 'certificate refused', {
      retryable: false,
      upstreamCode: 'tls_verification_failed',
    });
    let calls = 0;
    const http = createHttpClient({
      baseUrl: 'https://pve.example:8006/api2/json',
      retry: fast,
      fetch: async () => {
        calls++;
        throw refused;
      },
    });
    const error = await http.request({ method: 'GET', path: '/version' }).catch((e: unknown) => e);
    expect(error).toBe(refused);
    expect(error).toMatchObject({
      code: 'invalid_config',
      message: 'certificate refused',
      retryable: false,
      upstreamCode: 'tls_verification_failed',
    });
    expect(calls).toBe(1);
  });

  it('retries a retryable ProvisionerError from a custom fetch, then passes it on unchanged', async () => {
    const busy = new ProvisionerError('upstream_error', 'busy', { retryable: true });
    let calls = 0;
    const http = createHttpClient({
      baseUrl: 'https://pve.example:8006/api2/json',
      retry: { ...fast, retries: 2 },
      fetch: async () => {
        calls++;
        throw busy;
      },
    });
    await expect(http.request({ method: 'GET', path: '/version' })).rejects.toBe(busy);
    expect(calls).toBe(3);
    // A POST that may have created something is still not re-sent.
    calls = 0;
    await expect(http.request({ method: 'POST', path: '/things', json: {} })).rejects.toBe(busy);
    expect(calls).toBe(1);
  });

  it('never logs secrets: headers are not logged and secret fields are redacted', async () => {
    const url = await start((s) =>
      s.route('POST', '/v1/servers', () => json(201, { server: { id: 1 }, root_password: 'p4ss' })),
    );
    const lines: string[] = [];
    const logger: Logger = {
      debug: (o) => void lines.push(JSON.stringify(o)),
      info() {},
      warn() {},
      error() {},
    };
    const http = createHttpClient({
      baseUrl: url,
      headers: { authorization: 'Bearer very-secret-token' },
      logger,
      retry: fast,
    });
    await http.request({ method: 'POST', path: '/v1/servers', json: { user_data: 'x' } });
    expect(lines.join('\n')).not.toMatch(/very-secret-token|p4ss/);
    expect(lines.join('\n')).toContain('[redacted]');
  });
});
