import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REQUEST_WINDOW_MS,
  generateIdentity,
  MemoryReplayGuard,
  signRequest,
  verifyRequest,
} from '../src/index';

const me = generateIdentity();
const NOW = 1_767_225_600_000;

const requestArb = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
  path: fc.webPath().map((p) => `/v1${p.startsWith('/') ? p : `/${p}`}`),
  query: fc.option(fc.webQueryParameters(), { nil: undefined }),
  body: fc.option(fc.string({ maxLength: 200 }), { nil: undefined }),
});

interface Req {
  readonly method: string;
  readonly path: string;
  readonly query: string | undefined;
  readonly body: string | undefined;
}

async function verify(req: Req, timestamp: number, guard = new MemoryReplayGuard()) {
  const url = new URL(`https://api.example.com${req.path}${req.query ? `?${req.query}` : ''}`);
  const headers = signRequest({
    secretKey: me.secretKey,
    method: req.method,
    url,
    body: req.body ?? null,
    timestamp,
  });
  return verifyRequest({
    method: req.method,
    path: url.pathname + url.search,
    host: url.host,
    headers,
    body: req.body ?? null,
    now: NOW,
    replayGuard: guard,
  });
}

describe('signed request properties', () => {
  it('any request signed within the window verifies once, and its replay is rejected', async () => {
    await fc.assert(
      fc.asyncProperty(
        requestArb,
        fc.integer({ min: -DEFAULT_REQUEST_WINDOW_MS, max: DEFAULT_REQUEST_WINDOW_MS }),
        async (req, offset) => {
          const guard = new MemoryReplayGuard();
          const url = new URL(
            `https://api.example.com${req.path}${req.query ? `?${req.query}` : ''}`,
          );
          const headers = signRequest({
            secretKey: me.secretKey,
            method: req.method,
            url,
            body: req.body ?? null,
            timestamp: NOW + offset,
          });
          const params = {
            method: req.method,
            path: url.pathname + url.search,
            host: url.host,
            headers,
            body: req.body ?? null,
            now: NOW,
            replayGuard: guard,
          };
          expect((await verifyRequest(params)).ok).toBe(true);
          expect(await verifyRequest(params)).toMatchObject({ ok: false, code: 'replayed_nonce' });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('any timestamp outside the window is rejected', async () => {
    await fc.assert(
      fc.asyncProperty(
        requestArb,
        fc.integer({ min: DEFAULT_REQUEST_WINDOW_MS + 1, max: 10 * 86_400_000 }),
        fc.boolean(),
        async (req, distance, future) => {
          const result = await verify(req, future ? NOW + distance : NOW - distance);
          expect(result).toMatchObject({ ok: false, status: 401, code: 'timestamp_out_of_window' });
        },
      ),
      { numRuns: 60 },
    );
  });
});
