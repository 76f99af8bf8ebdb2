import { describe, expect, it } from 'vitest';
import {
  canonicalRequest,
  generateIdentity,
  MemoryReplayGuard,
  type ReplayGuard,
  type SignedRequestHeaders,
  signRequest,
  verifyRequest,
} from '../src/index';
import { nodeSign, nodeVerifySignature } from '../src/node';

const NOW = 1_767_225_600_000;
const me = generateIdentity();
const URL_ = 'https://API.Decent-Cloud.example/v1/offerings?q=cores%3A%3E%3D4&page=2';

function signed(overrides: Partial<Parameters<typeof signRequest>[0]> = {}): SignedRequestHeaders {
  return signRequest({
    secretKey: me.secretKey,
    method: 'post',
    url: URL_,
    body: '{"a":1}',
    timestamp: NOW,
    ...overrides,
  });
}

const request = (
  headers: Record<string, string>,
  over: Partial<Parameters<typeof verifyRequest>[0]> = {},
) =>
  verifyRequest({
    method: 'POST',
    path: '/v1/offerings?q=cores%3A%3E%3D4&page=2',
    host: 'api.decent-cloud.example',
    headers,
    body: '{"a":1}',
    now: NOW,
    replayGuard: new MemoryReplayGuard(),
    ...over,
  });

describe('canonicalRequest', () => {
  it('is the seven spec lines joined by \\n, method upper-cased, host lower-cased, no trailing newline', () => {
    expect(
      canonicalRequest({
        method: 'get',
        path: '/v1/x?b=2&a=1',
        host: 'API.Example.com:8443',
        timestamp: 1700000000123,
        nonce: '00'.repeat(16),
      }),
    ).toBe(
      [
        'DC-REQUEST-V1',
        'GET',
        '/v1/x?b=2&a=1',
        'api.example.com:8443',
        '1700000000123',
        '00000000000000000000000000000000',
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      ].join('\n'),
    );
  });

  it('hashes the body bytes exactly (UTF-8 for strings)', () => {
    const parts = { method: 'POST', path: '/', host: 'h', timestamp: 1, nonce: '00'.repeat(16) };
    expect(canonicalRequest({ ...parts, body: 'é' })).toBe(
      canonicalRequest({ ...parts, body: new Uint8Array([0xc3, 0xa9]) }),
    );
    expect(canonicalRequest({ ...parts, body: 'a' })).not.toBe(
      canonicalRequest({ ...parts, body: 'a ' }),
    );
  });
});

describe('signRequest', () => {
  it('produces the four X-DC headers with a fresh 16-byte nonce', () => {
    const h = signRequest({ secretKey: me.secretKey, method: 'GET', url: URL_ });
    expect(h['X-DC-Key']).toBe(me.publicKeyHex);
    expect(h['X-DC-Nonce']).toMatch(/^[0-9a-f]{32}$/);
    expect(h['X-DC-Signature']).toMatch(/^[0-9a-f]{128}$/);
    expect(
      signRequest({ secretKey: me.secretKey, method: 'GET', url: URL_ })['X-DC-Nonce'],
    ).not.toBe(h['X-DC-Nonce']);
  });

  it('signs natively with nodeSign and a known public key: the same headers, bit for bit', async () => {
    const nonce = '00112233445566778899aabbccddeeff';
    const native = signed({ nonce, signer: nodeSign, publicKeyHex: me.publicKeyHex });
    expect(native).toEqual(signed({ nonce }));
    expect((await request(native)).ok).toBe(true);
  });

  it("a public key that is not the secret key's makes the signature fail verification", async () => {
    const other = generateIdentity();
    expect((await request(signed({ publicKeyHex: other.publicKeyHex }))).ok).toBe(false);
  });

  it('refuses a relative URL, naming it', () => {
    expect(() => signRequest({ secretKey: me.secretKey, method: 'GET', url: '/v1/x' })).toThrow(
      /"url" expected an absolute URL/,
    );
  });
});

describe('verifyRequest', () => {
  it('accepts a correctly signed request and says who signed it', async () => {
    const result = await request(signed());
    expect(result).toMatchObject({ ok: true, publicKeyHex: me.publicKeyHex, timestamp: NOW });
  });

  it('accepts with the node:crypto verifier too', async () => {
    expect((await request(signed(), { verify: nodeVerifySignature })).ok).toBe(true);
  });

  it('reads headers case-insensitively, from a Headers object or a record', async () => {
    const h = signed();
    expect(
      (await request(Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]))))
        .ok,
    ).toBe(true);
    expect((await request({}, { headers: new Headers(h) })).ok).toBe(true);
  });

  for (const header of ['X-DC-Key', 'X-DC-Timestamp', 'X-DC-Nonce', 'X-DC-Signature'] as const) {
    it(`answers 401 missing_header without ${header}`, async () => {
      const h: Record<string, string> = { ...signed() };
      delete h[header];
      expect(await request(h)).toMatchObject({
        ok: false,
        status: 401,
        code: 'missing_header',
        header,
      });
    });
  }

  it.each([
    ['X-DC-Key', 'AB'.repeat(32)],
    ['X-DC-Timestamp', '1.7e12'],
    ['X-DC-Nonce', 'not-hex'],
    ['X-DC-Nonce', '00'.repeat(8)],
    ['X-DC-Signature', '00'],
  ])('answers 400 malformed_header for %s = %s', async (header, value) => {
    expect(await request({ ...signed(), [header]: value })).toMatchObject({
      ok: false,
      status: 400,
      code: 'malformed_header',
      header,
    });
  });

  it('answers 401 outside the 300 s window, in both directions, and accepts at the edge', async () => {
    expect(await request(signed({ timestamp: NOW - 300_001 }))).toMatchObject({
      status: 401,
      code: 'timestamp_out_of_window',
    });
    expect(await request(signed({ timestamp: NOW + 300_001 }))).toMatchObject({
      status: 401,
      code: 'timestamp_out_of_window',
    });
    expect((await request(signed({ timestamp: NOW - 300_000 }))).ok).toBe(true);
  });

  it.each([
    ['method', { method: 'PUT' }],
    ['path', { path: '/v1/offerings?q=cores%3A%3E%3D8&page=2' }],
    ['query order', { path: '/v1/offerings?page=2&q=cores%3A%3E%3D4' }],
    ['host', { host: 'evil.example' }],
    ['body', { body: '{"a":2}' }],
  ])('answers 401 bad_signature when the %s differs from what was signed', async (_what, over) => {
    expect(await request(signed(), over)).toMatchObject({
      ok: false,
      status: 401,
      code: 'bad_signature',
    });
  });

  it('answers 401 for a signature by another key', async () => {
    const other = generateIdentity();
    const h = { ...signed(), 'X-DC-Key': other.publicKeyHex };
    expect(await request(h)).toMatchObject({ code: 'bad_signature' });
  });

  it('rejects a replay at the very edge of the window (found by the property test)', async () => {
    const guard = new MemoryReplayGuard();
    const h = signed({ timestamp: NOW - 300_000 });
    expect((await request(h, { replayGuard: guard })).ok).toBe(true);
    expect(await request(h, { replayGuard: guard })).toMatchObject({ code: 'replayed_nonce' });
  });

  it('rejects a replayed nonce within the window', async () => {
    const guard = new MemoryReplayGuard();
    const h = signed();
    expect((await request(h, { replayGuard: guard })).ok).toBe(true);
    expect(await request(h, { replayGuard: guard })).toMatchObject({
      ok: false,
      status: 401,
      code: 'replayed_nonce',
    });
  });

  it('records the nonce only after the signature verifies, so forgers cannot burn nonces', async () => {
    const guard = new MemoryReplayGuard();
    const h = signed();
    await request({ ...h, 'X-DC-Signature': '00'.repeat(64) }, { replayGuard: guard });
    expect(guard.size).toBe(0);
    expect((await request(h, { replayGuard: guard })).ok).toBe(true);
  });

  it('answers 503 when the replay store fails, never accepting unchecked', async () => {
    const broken: ReplayGuard = {
      remember: () => Promise.reject(new Error('db down')),
    };
    expect(await request(signed(), { replayGuard: broken })).toMatchObject({
      ok: false,
      status: 503,
      code: 'replay_guard_unavailable',
    });
  });
});

describe('verifyRequest on a malformed request line', () => {
  it('answers 400 malformed_request instead of throwing', async () => {
    expect(await request(signed(), { path: 'no-leading-slash' })).toMatchObject({
      ok: false,
      status: 400,
      code: 'malformed_request',
    });
  });
});
