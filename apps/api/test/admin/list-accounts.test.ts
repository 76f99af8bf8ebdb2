import {
  createApiToken,
  createClient,
  createWalletAdjustment,
  listAccounts,
  putProviderProfile,
  registerAccount,
  tokenAuth,
} from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newAccount,
  problemOf,
  profileBody,
  type TestAccount,
  unique,
} from '../offerings/_support';
import { startTestServer, type TestServer } from '../support/server';

const adminName = unique('admin');
let server: TestServer;
let admin: TestAccount;
let prefix: string;
const members: TestAccount[] = [];

beforeAll(async () => {
  server = await startTestServer({ DC_ADMIN_USERNAMES: adminName });
  const { client, identity } = server.clientFor();
  await registerAccount(client, { body: { username: adminName } });
  admin = { client, identity, username: adminName };
  // A prefix only this file's accounts share, with "_" in it: LIKE must match it literally.
  prefix = `la_${process.pid}`;
  for (let i = 0; i < 3; i += 1) members.push(await newAccount(server, `${prefix}_m${i}`));
  // Same start except "_" replaced: a wildcard "_" would wrongly match it.
  await newAccount(server, `la-${process.pid}`);
});
afterAll(() => server?.stop());

describe('GET /v1/admin/accounts', () => {
  it('finds accounts by username prefix, in username order, page by page', async () => {
    const first = await listAccounts(admin.client, { username_prefix: prefix, limit: 2 });
    expect(first.items.map((a) => a.username)).toEqual(members.slice(0, 2).map((m) => m.username));
    expect(first.next_cursor).not.toBeNull();
    const second = await listAccounts(admin.client, {
      username_prefix: prefix,
      limit: 2,
      cursor: first.next_cursor ?? '',
    });
    expect(second.items.map((a) => a.username)).toEqual([members[2]?.username]);
    expect(second.next_cursor).toBeNull();
  });

  it('shows roles and the wallet balance an adjustment changed, never keys or email', async () => {
    const member = members[0];
    if (!member) throw new Error('no member');
    await putProviderProfile(member.client, { body: profileBody(member.username) });
    await createWalletAdjustment(admin.client, {
      body: {
        username: member.username,
        currency: 'EUR',
        amount: 1234,
        reason: 'goodwill credit',
        idempotency_key: `list-accounts-${process.pid}`,
      },
    });
    const page = await listAccounts(admin.client, { username_prefix: member.username });
    const found = page.items[0];
    expect(found).toMatchObject({
      username: member.username,
      is_provider: true,
      is_admin: false,
      wallet: [{ currency: 'EUR', balance: 1234 }],
    });
    expect(Object.keys(found ?? {})).not.toContain('email');
    const self = await listAccounts(admin.client, { username_prefix: adminName });
    expect(self.items[0]).toMatchObject({ username: adminName, is_admin: true, wallet: [] });
  });

  it('answers 403 to a non-admin and to an API token, 400 to a cursor it did not give', async () => {
    const member = members[1];
    if (!member) throw new Error('no member');
    expect(await problemOf(listAccounts(member.client, {}))).toMatchObject({ status: 403 });
    const { token } = await createApiToken(admin.client, {
      body: { name: 'admin reader', scopes: ['read', 'rent'] },
    });
    const viaToken = createClient({ baseUrl: server.url, auth: tokenAuth(token), retries: 0 });
    expect((await problemOf(listAccounts(viaToken, {}))).status).toBe(403);
    const bad = await problemOf(listAccounts(admin.client, { cursor: 'not a username' }));
    expect(bad).toMatchObject({ status: 400, paths: ['query.cursor'] });
  });
});
