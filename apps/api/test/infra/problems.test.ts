import { Problem } from '@dc/client';
import { generateIdentity, signRequest } from '@dc/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, startTestServer, type TestServer } from '../support/server';

/** Sends a request signed by a fresh key with exactly these body bytes. */
async function signedFetch(
  url: string,
  init: { method: string; body?: string; headers?: Record<string, string> },
): Promise<Response> {
  const { secretKey } = generateIdentity();
  const signature = signRequest({ secretKey, method: init.method, url, body: init.body });
  return fetch(url, { ...init, headers: { ...init.headers, ...signature } });
}

/** The response as a checked problem document. */
async function problemOf(response: Response) {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = Problem.parse(await response.json());
  expect(body.status).toBe(response.status);
  return body;
}

describe.each(ENGINES)('problem documents on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({}, { engine });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answer an unknown route with 404 route_not_found, naming the route', async () => {
    const response = await fetch(`${server.url}/v1/no-such-thing?x=1`, { method: 'DELETE' });
    expect(response.status).toBe(404);
    const problem = await problemOf(response);
    expect(problem.code).toBe('route_not_found');
    expect(problem.detail).toContain('DELETE /v1/no-such-thing');
    expect(problem.type).toMatch(/route_not_found$/);
  });

  it('answer a body that is not JSON with 400 malformed_json', async () => {
    const response = await signedFetch(`${server.url}/v1/accounts`, {
      method: 'POST',
      body: '{"username": "alice",',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).code).toBe('malformed_json');
  });

  it('answer a body that is not UTF-8 with 400 malformed_json', async () => {
    const url = `${server.url}/v1/accounts`;
    const body = new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    const signature = signRequest({
      secretKey: generateIdentity().secretKey,
      method: 'POST',
      url,
      body,
    });
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...signature },
    });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).code).toBe('malformed_json');
  });

  it('answer a body of another media type with 415', async () => {
    const response = await signedFetch(`${server.url}/v1/accounts`, {
      method: 'POST',
      body: 'username=alice',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(415);
    expect((await problemOf(response)).code).toBe('unsupported_media_type');
  });

  it('answer an invalid body with 422 listing each bad field by path', async () => {
    const response = await signedFetch(`${server.url}/v1/accounts`, {
      method: 'POST',
      body: JSON.stringify({ username: 42, email: 'not an email' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(422);
    const problem = await problemOf(response);
    expect(problem.code).toBe('validation_failed');
    const paths = (problem.errors ?? []).map((issue) => issue.path);
    expect(paths).toContain('body.username');
    expect(paths).toContain('body.email');
  });

  it('answer an invalid path parameter with 400 naming the parameter', async () => {
    const response = await fetch(`${server.url}/v1/offerings/not-a-uuid`);
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.code).toBe('invalid_parameter');
    expect((problem.errors ?? []).map((issue) => issue.path)).toEqual(['params.id']);
  });

  it('answer a missing signature with 401, never 200', async () => {
    const response = await fetch(`${server.url}/v1/me`);
    expect(response.status).toBe(401);
    await problemOf(response);
  });

  it('echo the caller’s request id in x-request-id and in the problem', async () => {
    const response = await fetch(`${server.url}/v1/nowhere`, {
      headers: { 'x-request-id': 'trace-4f2a.9' },
    });
    expect(response.headers.get('x-request-id')).toBe('trace-4f2a.9');
    expect((await problemOf(response)).request_id).toBe('trace-4f2a.9');
  });

  it('make up a request id when none (or an unsafe one) is sent, and report the same one', async () => {
    for (const sent of [undefined, 'has spaces and <html>', 'x'.repeat(65)]) {
      const response = await fetch(`${server.url}/v1/nowhere`, {
        headers: sent === undefined ? {} : { 'x-request-id': sent },
      });
      const id = response.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect((await problemOf(response)).request_id).toBe(id);
    }
  });

  it('send the request id on successful answers too', async () => {
    const response = await fetch(`${server.url}/v1/health`, {
      headers: { 'x-request-id': 'ok-1' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('ok-1');
  });
});

describe('rate limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ DC_RATE_LIMIT_PER_IP: '3' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answer 429 rate_limited with Retry-After once an address is over its limit', async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let attempt = 0; attempt < 4; attempt += 1) {
      last = await fetch(`${server.url}/v1/health`);
      statuses.push(last.status);
      if (attempt < 3) await last.body?.cancel();
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const retryAfter = Number(last?.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const problem = await problemOf(last as Response);
    expect(problem.code).toBe('rate_limited');
    expect(problem.retry_after).toBe(retryAfter);
  });
});
