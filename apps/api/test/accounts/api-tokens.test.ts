import {
  createApiToken,
  createClient,
  getMe,
  listApiTokens,
  listKeys,
  putProviderProfile,
  revokeApiToken,
  tokenAuth,
  updateMe,
} from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';
import { failure, registerNew } from './_support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const withToken = (token: string) =>
  createClient({ baseUrl: server.url, auth: tokenAuth(token), retries: 0 });

/** Makes the account a provider directly in the database (the providers routes are not under test). */
async function makeProvider(accountId: string): Promise<void> {
  await server.database.db
    .insertInto('providers')
    .values({
      account_id: accountId,
      legal_name: 'Example Hosting GmbH',
      display_name: 'Example',
      website: null,
      country: 'DE',
      support_email: 'support@example.com',
      support_policy: JSON.stringify({ response_hours: 24, channels: ['email'], hours: '9-17' }),
    })
    .execute();
}

describe('API tokens', () => {
  it('shows the secret once: the creation answer has it, the list never does', async () => {
    const { client } = await registerNew(server);
    const created = await createApiToken(client, {
      body: { name: 'ci', scopes: ['read'], expires_in_days: 30 },
    });
    expect(created.token).toMatch(/^dct_[A-Za-z0-9_-]{43}$/);
    expect(created.token.startsWith(created.prefix)).toBe(true);
    expect(created).toMatchObject({ name: 'ci', scopes: ['read'], revoked_at: null });
    const days = (Date.parse(created.expires_at) - Date.parse(created.created_at)) / 86_400_000;
    expect(days).toBe(30);
    const raw = await fetch(`${server.url}/v1/me/tokens`, {
      headers: { authorization: `Bearer ${created.token}` },
    });
    const text = await raw.text();
    expect(raw.status).toBe(200);
    expect(text).not.toContain(created.token);
    const { items } = await listApiTokens(client, {});
    const { token: _secret, ...listed } = created;
    expect(items).toEqual([listed]);
    const stored = await server.database.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(created.token);
  });

  it('a token acts for its account within its scopes', async () => {
    const { client, account } = await registerNew(server);
    const { token } = await createApiToken(client, { body: { name: 'reader', scopes: ['read'] } });
    const reader = withToken(token);
    expect(await getMe(reader, {})).toMatchObject({ id: account.id });
    expect((await listKeys(reader, {})).items).toHaveLength(1);
  });

  it('a read token cannot call a provider-scope operation (403 insufficient_scope)', async () => {
    const { client, account } = await registerNew(server);
    await makeProvider(account.id);
    const { token } = await createApiToken(client, { body: { name: 'reader', scopes: ['read'] } });
    const refused = await failure(
      putProviderProfile(withToken(token), {
        body: {
          legal_name: 'Example Hosting GmbH',
          display_name: 'Example',
          country: 'DE',
          support_email: 'support@example.com',
          support_policy: { response_hours: 24, channels: ['email'], hours: '9-17' },
        },
      }),
    );
    expect(refused).toMatchObject({ status: 403, code: 'insufficient_scope' });
  });

  it('a token cannot mint tokens nor change the account (403 signature_required)', async () => {
    const { client } = await registerNew(server);
    const { token } = await createApiToken(client, {
      body: { name: 'all', scopes: ['read', 'rent'] },
    });
    const holder = withToken(token);
    expect(
      await failure(createApiToken(holder, { body: { name: 'child', scopes: ['read'] } })),
    ).toMatchObject({
      status: 403,
      code: 'signature_required',
    });
    expect(await failure(updateMe(holder, { body: { display_name: 'pwned' } }))).toMatchObject({
      status: 403,
      code: 'signature_required',
    });
    expect((await listApiTokens(client, {})).items).toHaveLength(1);
  });

  it('never grants more than its creator: provider and agent scopes need a provider (403 scope_not_allowed)', async () => {
    const { client, account } = await registerNew(server);
    for (const scope of ['provider', 'agent'] as const) {
      expect(
        await failure(createApiToken(client, { body: { name: scope, scopes: ['read', scope] } })),
      ).toMatchObject({
        status: 403,
        code: 'scope_not_allowed',
      });
    }
    expect((await listApiTokens(client, {})).items).toEqual([]);
    await makeProvider(account.id);
    const created = await createApiToken(client, {
      body: { name: 'agent', scopes: ['agent', 'provider', 'read', 'read'] },
    });
    expect(created.scopes).toEqual(['read', 'provider', 'agent']);
  });

  it('a revoked token is refused on the next request with 401 token_revoked', async () => {
    const { client } = await registerNew(server);
    const created = await createApiToken(client, { body: { name: 'short', scopes: ['read'] } });
    const holder = withToken(created.token);
    await getMe(holder, {});
    const revoked = await revokeApiToken(client, { id: created.id });
    expect(revoked.revoked_at).not.toBeNull();
    expect(await failure(getMe(holder, {}))).toMatchObject({ status: 401, code: 'token_revoked' });
    expect(await revokeApiToken(client, { id: created.id })).toEqual(revoked);
  });

  it('an expired token is refused with 401 token_expired', async () => {
    const { client } = await registerNew(server);
    const created = await createApiToken(client, { body: { name: 'old', scopes: ['read'] } });
    await server.database.db
      .updateTable('api_tokens')
      .set({ expires_at: new Date(Date.now() - 60_000) })
      .where('id', '=', created.id)
      .execute();
    expect(await failure(getMe(withToken(created.token), {}))).toMatchObject({
      status: 401,
      code: 'token_expired',
    });
  });

  it("answers another account's token with 404 and leaves it working", async () => {
    const alice = await registerNew(server);
    const bob = await registerNew(server);
    const bobs = await createApiToken(bob.client, { body: { name: 'bob', scopes: ['read'] } });
    expect(await failure(revokeApiToken(alice.client, { id: bobs.id }))).toMatchObject({
      status: 404,
      code: 'not_found',
    });
    expect(await getMe(withToken(bobs.token), {})).toMatchObject({ id: bob.account.id });
    expect(await failure(revokeApiToken(alice.client, { id: crypto.randomUUID() }))).toMatchObject({
      status: 404,
      code: 'not_found',
    });
  });
});
