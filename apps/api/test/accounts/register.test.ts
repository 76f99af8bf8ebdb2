import {
  createApiToken,
  createClient,
  getAccount,
  getMe,
  registerAccount,
  tokenAuth,
} from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';
import { failure, registerNew, uniqueUsername } from './_support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('registerAccount', () => {
  it('creates an account whose first key is the signing key, then getMe returns it', async () => {
    const { client } = server.clientFor();
    const username = uniqueUsername();
    const created = await registerAccount(client, { body: { username, display_name: 'Ada' } });
    expect(created).toMatchObject({
      username,
      display_name: 'Ada',
      email: null,
      email_verified: false,
      is_provider: false,
      is_admin: false,
    });
    expect(await getMe(client, {})).toEqual(created);
  });

  it('refuses a taken username with 409 username_taken', async () => {
    const first = await registerNew(server);
    const { client } = server.clientFor();
    const refused = await failure(
      registerAccount(client, { body: { username: first.account.username } }),
    );
    expect(refused).toMatchObject({ status: 409, code: 'username_taken' });
    // The refused key was not registered under any account.
    expect(await failure(getMe(client, {}))).toMatchObject({ status: 401, code: 'unknown_key' });
  });

  it('refuses a key that already holds an account with 409 key_already_registered', async () => {
    const { client } = await registerNew(server);
    const refused = await failure(
      registerAccount(client, { body: { username: uniqueUsername() } }),
    );
    expect(refused).toMatchObject({ status: 409, code: 'key_already_registered' });
  });

  it('refuses an unsigned registration with 401', async () => {
    const refused = await failure(
      registerAccount(server.anonymous, { body: { username: uniqueUsername() } }),
    );
    expect(refused).toMatchObject({ status: 401, code: 'authentication_required' });
  });

  it('refuses registration through an API token: only a key signature can register', async () => {
    const { client } = await registerNew(server);
    const { token } = await createApiToken(client, { body: { name: 'ci', scopes: ['read'] } });
    const viaToken = createClient({ baseUrl: server.url, auth: tokenAuth(token), retries: 0 });
    const refused = await failure(
      registerAccount(viaToken, { body: { username: uniqueUsername() } }),
    );
    expect(refused).toMatchObject({ status: 403, code: 'signature_required' });
  });

  it('answers an unregistered key on account routes with 401 unknown_key', async () => {
    const { client } = server.clientFor();
    expect(await failure(getMe(client, {}))).toMatchObject({ status: 401, code: 'unknown_key' });
  });
});

describe('getAccount', () => {
  it('shows the public profile to anyone, without email or id', async () => {
    const { account } = await registerNew(server, {
      display_name: 'Grace',
      email: 'grace@example.com',
    });
    const profile = await getAccount(server.anonymous, { username: account.username });
    expect(profile).toEqual({
      username: account.username,
      display_name: 'Grace',
      is_provider: false,
      created_at: account.created_at,
    });
    const raw = await fetch(`${server.url}/v1/accounts/${account.username}`).then((r) => r.text());
    expect(raw).not.toContain('grace@example.com');
    expect(raw).not.toContain(account.id);
  });

  it('answers an unknown username with 404 not_found', async () => {
    const refused = await failure(
      getAccount(server.anonymous, { username: uniqueUsername('nobody') }),
    );
    expect(refused).toMatchObject({ status: 404, code: 'not_found' });
  });
});
