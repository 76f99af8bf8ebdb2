import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateIdentity, MemoryReplayGuard, verifyRequest } from '@dc/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConflictError,
  createClient,
  getHealth,
  getOffering,
  InvalidParametersError,
  keyAuth,
  NotFoundError,
  RateLimitedError,
  ResponseShapeError,
  registerAccount,
  searchOfferings,
  tokenAuth,
  ValidationError,
} from '../src/index';

type Reply = (request: IncomingMessage, body: string, response: ServerResponse) => void;

let server: Server;
let baseUrl: string;
let reply: Reply;
const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] =
  [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      seen.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body,
      });
      reply(request, body, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function json(response: ServerResponse, status: number, value: unknown, type = 'application/json') {
  response.writeHead(status, { 'content-type': type });
  response.end(JSON.stringify(value));
}

function problem(status: number, code: string, extra: Record<string, unknown> = {}) {
  return {
    type: `https://x/${code}`,
    title: code,
    status,
    code,
    detail: `${code} detail`,
    ...extra,
  };
}

const health = {
  status: 'ok',
  database: 'ok',
  migrations: { applied: 1, expected: 1, current: true },
  version: '1',
  sandbox: false,
};

describe('callOperation', () => {
  it('parses a successful answer with the response schema', async () => {
    reply = (_req, _body, res) => json(res, 200, health);
    const client = createClient({ baseUrl });
    await expect(getHealth(client, {})).resolves.toEqual(health);
  });

  it('maps problem documents to typed errors carrying code, status and field errors', async () => {
    const client = createClient({ baseUrl, retries: 0 });
    const cases = [
      [404, 'not_found', NotFoundError],
      [409, 'slug_taken', ConflictError],
      [401, 'replayed_nonce', AuthenticationError],
      [422, 'validation_failed', ValidationError],
    ] as const;
    for (const [status, code, type] of cases) {
      reply = (_req, _body, res) =>
        json(
          res,
          status,
          problem(status, code, { errors: [{ path: 'body.x', message: 'bad' }] }),
          'application/problem+json',
        );
      const error = await getHealth(client, {}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(type);
      expect(error).toMatchObject({ status, code });
      expect((error as Error).message).toContain('body.x: bad');
    }
  });

  it('refuses invalid parameters before sending anything', async () => {
    const before = seen.length;
    const client = createClient({ baseUrl });
    const error = await getOffering(client, { id: 'not-a-uuid' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParametersError);
    expect((error as Error).message).toContain('params.id');
    expect((error as InvalidParametersError).errors).toEqual([
      { path: 'params.id', message: expect.stringMatching(/uuid|UUID/) },
    ]);
    expect(seen.length).toBe(before);
  });

  it('treats an answer that does not match the schema as an error, never as data', async () => {
    reply = (_req, _body, res) => json(res, 200, { status: 'fine' });
    await expect(getHealth(createClient({ baseUrl }), {})).rejects.toBeInstanceOf(
      ResponseShapeError,
    );
    reply = (_req, _body, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>bad gateway</html>');
    };
    await expect(getHealth(createClient({ baseUrl, retries: 0 }), {})).rejects.toBeInstanceOf(
      ResponseShapeError,
    );
  });

  it('retries idempotent operations and signs every attempt with a fresh nonce', async () => {
    const identity = generateIdentity();
    const guard = new MemoryReplayGuard();
    let attempts = 0;
    const verdicts: boolean[] = [];
    reply = async (req, body, res) => {
      const verdict = await verifyRequest({
        method: req.method ?? '',
        path: req.url ?? '',
        host: req.headers.host ?? '',
        headers: req.headers as Record<string, string>,
        body,
        now: Date.now(),
        replayGuard: guard,
      });
      verdicts.push(verdict.ok);
      attempts += 1;
      if (attempts < 3)
        return json(res, 503, problem(503, 'unavailable'), 'application/problem+json');
      json(res, 200, { items: [], next_cursor: null });
    };
    const client = createClient({ baseUrl, auth: keyAuth(identity.secretKey), retries: 2 });
    await expect(searchOfferings(client, { q: 'cores:>=4' })).resolves.toEqual({
      items: [],
      next_cursor: null,
    });
    expect(attempts).toBe(3);
    expect(verdicts).toEqual([true, true, true]);
  });

  it('never retries an operation that is not idempotent', async () => {
    let attempts = 0;
    reply = (_req, _body, res) => {
      attempts += 1;
      json(res, 503, problem(503, 'unavailable'), 'application/problem+json');
    };
    const client = createClient({
      baseUrl,
      auth: keyAuth(generateIdentity().secretKey),
      retries: 3,
    });
    await expect(registerAccount(client, { body: { username: 'alice' } })).rejects.toMatchObject({
      status: 503,
    });
    expect(attempts).toBe(1);
  });

  it('exposes Retry-After seconds on 429', async () => {
    reply = (_req, _body, res) =>
      json(res, 429, problem(429, 'rate_limited', { retry_after: 7 }), 'application/problem+json');
    const error = await getHealth(createClient({ baseUrl, retries: 0 }), {}).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBe(7);
  });

  it("sends the caller's body as given and the query with encoded values", async () => {
    reply = (_req, _body, res) => json(res, 200, { items: [], next_cursor: null });
    await searchOfferings(createClient({ baseUrl, auth: tokenAuth('dct_x') }), {
      q: 'city:"New York"',
      limit: 5,
    });
    const last = seen.at(-1);
    expect(last?.url).toBe('/v1/offerings?limit=5&q=city%3A%22New+York%22');
    expect(last?.headers['authorization']).toBe('Bearer dct_x');
  });
});
