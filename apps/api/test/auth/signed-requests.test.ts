import { addKey, createApiToken } from '@dc/client';
import { generateIdentity, type Identity, signRequest } from '@dc/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proofFor, type RegisteredAccount, registerNew } from '../accounts/_support';
import { startTestServer, type TestServer } from '../support/server';

// Every request here is built by hand with signRequest and global fetch, so each test controls
// exactly which byte differs between what was signed and what is sent.

let server: TestServer;
let alice: RegisteredAccount;
beforeAll(async () => {
  server = await startTestServer();
  alice = await registerNew(server, { display_name: 'Alice' });
});
afterAll(async () => {
  await server?.stop();
});

interface Sent {
  readonly status: number;
  readonly code: string | undefined;
  readonly body: Record<string, unknown>;
}

interface SignOptions {
  /** What the signature covers, when it should differ from what is sent. */
  readonly signedUrl?: string;
  readonly signedMethod?: string;
  readonly signedBody?: string;
  readonly timestamp?: number;
}

/** The four X-DC-* headers for a request as `identity` would sign it. */
function headersFor(
  identity: Identity,
  method: string,
  path: string,
  body?: string,
  options: SignOptions = {},
) {
  return {
    ...signRequest({
      secretKey: identity.secretKey,
      method: options.signedMethod ?? method,
      url: options.signedUrl ?? server.url + path,
      body: options.signedBody ?? body,
      ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
    }),
  } as Record<string, string>;
}

async function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Sent> {
  const response = await fetch(server.url + path, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body }),
  });
  const json = (await response.json()) as Record<string, unknown>;
  return {
    status: response.status,
    code: typeof json['code'] === 'string' ? json['code'] : undefined,
    body: json,
  };
}

/** Signs and sends in one go. */
function signed(
  identity: Identity,
  method: string,
  path: string,
  body?: string,
  options: SignOptions = {},
) {
  return send(method, path, headersFor(identity, method, path, body, options), body);
}

describe('a correctly signed request', () => {
  it('is accepted (the baseline every rejection below departs from)', async () => {
    const sent = await signed(alice.identity, 'GET', '/v1/me?view=full');
    expect(sent.status).toBe(200);
    expect(sent.body['id']).toBe(alice.account.id);
  });
});

describe('never-again 16: signed requests are never replayable and cover host and query', () => {
  it('when replayed byte for byte: 401 replayed_nonce', async () => {
    const headers = headersFor(alice.identity, 'GET', '/v1/me');
    expect((await send('GET', '/v1/me', headers)).status).toBe(200);
    expect(await send('GET', '/v1/me', headers)).toMatchObject({
      status: 401,
      code: 'replayed_nonce',
    });
  });

  it('when a replayed write would repeat its effect: 401 replayed_nonce, the token is minted once', async () => {
    const { identity } = await registerNew(server);
    const body = JSON.stringify({ name: 'once', scopes: ['read'] });
    const headers = headersFor(identity, 'POST', '/v1/me/tokens', body);
    expect((await send('POST', '/v1/me/tokens', headers, body)).status).toBe(201);
    expect(await send('POST', '/v1/me/tokens', headers, body)).toMatchObject({
      status: 401,
      code: 'replayed_nonce',
    });
    const list = await signed(identity, 'GET', '/v1/me/tokens');
    expect(list.body['items']).toHaveLength(1);
  });

  it('with a stale or future timestamp (over 300 s away): 401 timestamp_out_of_window', async () => {
    for (const timestamp of [Date.now() - 301_000, Date.now() + 301_000]) {
      expect(await signed(alice.identity, 'GET', '/v1/me', undefined, { timestamp })).toMatchObject(
        {
          status: 401,
          code: 'timestamp_out_of_window',
        },
      );
    }
  });

  it('when signed for a different host: 401 bad_signature', async () => {
    const sent = await signed(alice.identity, 'GET', '/v1/me', undefined, {
      signedUrl: 'http://api.elsewhere.example/v1/me',
    });
    expect(sent).toMatchObject({ status: 401, code: 'bad_signature' });
  });

  it('when the query differs from the signed one (changed or dropped): 401 bad_signature', async () => {
    const changed = await signed(alice.identity, 'GET', '/v1/me?view=full', undefined, {
      signedUrl: `${server.url}/v1/me?view=summary`,
    });
    expect(changed).toMatchObject({ status: 401, code: 'bad_signature' });
    const dropped = await signed(alice.identity, 'GET', '/v1/me', undefined, {
      signedUrl: `${server.url}/v1/me?view=full`,
    });
    expect(dropped).toMatchObject({ status: 401, code: 'bad_signature' });
  });

  it('when the body differs from the signed one: 401 bad_signature, and nothing changes', async () => {
    const sent = await signed(
      alice.identity,
      'PATCH',
      '/v1/me',
      JSON.stringify({ display_name: 'Mallory' }),
      {
        signedBody: JSON.stringify({ display_name: 'Alice 2' }),
      },
    );
    expect(sent).toMatchObject({ status: 401, code: 'bad_signature' });
    expect((await signed(alice.identity, 'GET', '/v1/me')).body['display_name']).toBe('Alice');
  });

  it('when the method differs from the signed one: 401 bad_signature', async () => {
    const sent = await signed(
      alice.identity,
      'POST',
      '/v1/me/tokens',
      JSON.stringify({ name: 'x', scopes: ['read'] }),
      {
        signedMethod: 'GET',
      },
    );
    expect(sent).toMatchObject({ status: 401, code: 'bad_signature' });
  });

  it('when the signature was made by another key than X-DC-Key names: 401 bad_signature', async () => {
    const headers = headersFor(generateIdentity(), 'GET', '/v1/me');
    headers['X-DC-Key'] = alice.identity.publicKeyHex;
    expect(await send('GET', '/v1/me', headers)).toMatchObject({
      status: 401,
      code: 'bad_signature',
    });
  });

  it.each(['X-DC-Key', 'X-DC-Timestamp', 'X-DC-Nonce', 'X-DC-Signature'])(
    'when %s is missing: 401 missing_header',
    async (name) => {
      const headers = headersFor(alice.identity, 'GET', '/v1/me');
      delete headers[name];
      const sent = await send('GET', '/v1/me', headers);
      expect(sent).toMatchObject({ status: 401, code: 'missing_header' });
      expect(sent.body['detail']).toContain(name);
    },
  );

  it.each([
    ['X-DC-Key', 'not-a-key'],
    ['X-DC-Timestamp', '2024-01-01T00:00:00Z'],
    ['X-DC-Nonce', 'zz'],
    ['X-DC-Signature', 'ABCDEF'],
  ])('when %s is malformed: 400 malformed_header', async (name, value) => {
    const headers = headersFor(alice.identity, 'GET', '/v1/me');
    headers[name] = value;
    const sent = await send('GET', '/v1/me', headers);
    expect(sent).toMatchObject({ status: 400, code: 'malformed_header' });
    expect(sent.body['detail']).toContain(name);
  });

  it('when signed by a key no account holds, on an account route: 401 unknown_key', async () => {
    expect(await signed(generateIdentity(), 'GET', '/v1/me')).toMatchObject({
      status: 401,
      code: 'unknown_key',
    });
  });

  it('when signed by a revoked key: 401 key_revoked', async () => {
    const owner = await registerNew(server);
    const old = generateIdentity();
    await addKey(owner.client, {
      body: { public_key: old.publicKeyHex, proof: proofFor(old, owner.account.id) },
    });
    expect((await signed(old, 'GET', '/v1/me')).status).toBe(200);
    expect((await signed(owner.identity, 'DELETE', `/v1/me/keys/${old.publicKeyHex}`)).status).toBe(
      200,
    );
    expect(await signed(old, 'GET', '/v1/me')).toMatchObject({ status: 401, code: 'key_revoked' });
  });
});

describe('bearer tokens are rejected', () => {
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('when revoked: 401 token_revoked', async () => {
    const owner = await registerNew(server);
    const created = await createApiToken(owner.client, {
      body: { name: 'temp', scopes: ['read'] },
    });
    expect((await send('GET', '/v1/me', bearer(created.token))).status).toBe(200);
    expect((await signed(owner.identity, 'DELETE', `/v1/me/tokens/${created.id}`)).status).toBe(
      200,
    );
    expect(await send('GET', '/v1/me', bearer(created.token))).toMatchObject({
      status: 401,
      code: 'token_revoked',
    });
  });

  it('when unknown or not a token at all: 401 invalid_token', async () => {
    const unknown = `dct_${'A'.repeat(43)}`;
    expect(await send('GET', '/v1/me', bearer(unknown))).toMatchObject({
      status: 401,
      code: 'invalid_token',
    });
    expect(await send('GET', '/v1/me', bearer('secret'))).toMatchObject({
      status: 401,
      code: 'invalid_token',
    });
    expect(await send('GET', '/v1/me', { authorization: 'Basic YWxpY2U6cHc=' })).toMatchObject({
      status: 401,
      code: 'invalid_token',
    });
  });
});

describe('cross-account access', () => {
  it("account A cannot revoke B's key or token (404), and both keep working", async () => {
    const bob = await registerNew(server);
    const spare = generateIdentity();
    await addKey(bob.client, {
      body: { public_key: spare.publicKeyHex, proof: proofFor(spare, bob.account.id) },
    });
    const bobsToken = await createApiToken(bob.client, { body: { name: 'bob', scopes: ['read'] } });

    const keyAttempt = await signed(
      alice.identity,
      'DELETE',
      `/v1/me/keys/${bob.identity.publicKeyHex}`,
    );
    expect(keyAttempt).toMatchObject({ status: 404, code: 'not_found' });
    const tokenAttempt = await signed(alice.identity, 'DELETE', `/v1/me/tokens/${bobsToken.id}`);
    expect(tokenAttempt).toMatchObject({ status: 404, code: 'not_found' });

    const asBob = await signed(bob.identity, 'GET', '/v1/me');
    expect(asBob).toMatchObject({ status: 200 });
    expect(asBob.body['id']).toBe(bob.account.id);
    expect(
      (await send('GET', '/v1/me', { authorization: `Bearer ${bobsToken.token}` })).body['id'],
    ).toBe(bob.account.id);
    const bobsKeys = (await signed(bob.identity, 'GET', '/v1/me/keys')).body['items'] as {
      revoked_at: string | null;
    }[];
    expect(bobsKeys.every((key) => key.revoked_at === null)).toBe(true);
  });

  it("account A's token sees only A: /v1/me/tokens lists none of B's tokens", async () => {
    const bob = await registerNew(server);
    await createApiToken(bob.client, { body: { name: 'bob-only', scopes: ['read'] } });
    const alicesToken = await createApiToken(alice.client, {
      body: { name: 'alice-read', scopes: ['read'] },
    });
    const listed = await send('GET', '/v1/me/tokens', {
      authorization: `Bearer ${alicesToken.token}`,
    });
    const names = (listed.body['items'] as { name: string }[]).map((token) => token.name);
    expect(names).toContain('alice-read');
    expect(names).not.toContain('bob-only');
  });
});
