import { addKey, createClient, getMe, keyAuth, listKeys, revokeKey } from '@dc/client';
import { generateIdentity } from '@dc/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';
import { failure, proofFor, registerNew } from './_support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const signingAs = (secretKey: Uint8Array) =>
  createClient({ baseUrl: server.url, auth: keyAuth(secretKey), retries: 0 });

describe('keys', () => {
  it('adds a key with a valid proof; the new key then signs for the same account', async () => {
    const { client, identity, account } = await registerNew(server);
    const laptop = generateIdentity();
    const added = await addKey(client, {
      body: {
        public_key: laptop.publicKeyHex,
        label: 'laptop',
        proof: proofFor(laptop, account.id),
      },
    });
    expect(added).toMatchObject({
      public_key: laptop.publicKeyHex,
      label: 'laptop',
      revoked_at: null,
    });
    expect(await getMe(signingAs(laptop.secretKey), {})).toMatchObject({ id: account.id });
    const { items } = await listKeys(client, {});
    expect(items.map((key) => key.public_key).sort()).toEqual(
      [identity.publicKeyHex, laptop.publicKeyHex].sort(),
    );
  });

  it('refuses a proof signed over another account id with 422 invalid_proof', async () => {
    const alice = await registerNew(server);
    const mallory = await registerNew(server);
    const key = generateIdentity();
    // A proof made for Mallory's account cannot add the key to Alice's.
    const refused = await failure(
      addKey(alice.client, {
        body: { public_key: key.publicKeyHex, proof: proofFor(key, mallory.account.id) },
      }),
    );
    expect(refused).toMatchObject({ status: 422, code: 'invalid_proof' });
    expect(await failure(getMe(signingAs(key.secretKey), {}))).toMatchObject({
      status: 401,
      code: 'unknown_key',
    });
  });

  it('refuses a proof made by a different key with 422 invalid_proof', async () => {
    const { client, account } = await registerNew(server);
    const claimed = generateIdentity();
    const signer = generateIdentity();
    const refused = await failure(
      addKey(client, {
        body: { public_key: claimed.publicKeyHex, proof: proofFor(signer, account.id) },
      }),
    );
    expect(refused).toMatchObject({ status: 422, code: 'invalid_proof' });
  });

  it('refuses a key another account holds with 409 key_already_registered', async () => {
    const alice = await registerNew(server);
    const bob = await registerNew(server);
    const refused = await failure(
      addKey(alice.client, {
        body: {
          public_key: bob.identity.publicKeyHex,
          proof: proofFor(bob.identity, alice.account.id),
        },
      }),
    );
    expect(refused).toMatchObject({ status: 409, code: 'key_already_registered' });
    expect(await getMe(bob.client, {})).toMatchObject({ id: bob.account.id });
  });

  it('refuses adding a key twice with 409 key_already_added', async () => {
    const { client, account } = await registerNew(server);
    const key = generateIdentity();
    const body = { public_key: key.publicKeyHex, proof: proofFor(key, account.id) };
    await addKey(client, { body });
    expect(await failure(addKey(client, { body }))).toMatchObject({
      status: 409,
      code: 'key_already_added',
    });
  });

  it('allows at most 10 active keys (409 too_many_keys); revoking one makes room', async () => {
    const { client, account } = await registerNew(server);
    const extra = Array.from({ length: 9 }, () => generateIdentity());
    for (const key of extra) {
      await addKey(client, {
        body: { public_key: key.publicKeyHex, proof: proofFor(key, account.id) },
      });
    }
    const eleventh = generateIdentity();
    const body = { public_key: eleventh.publicKeyHex, proof: proofFor(eleventh, account.id) };
    expect(await failure(addKey(client, { body }))).toMatchObject({
      status: 409,
      code: 'too_many_keys',
    });
    await revokeKey(client, { public_key: extra[0]?.publicKeyHex ?? '' });
    expect(await addKey(client, { body })).toMatchObject({ public_key: eleventh.publicKeyHex });
  });

  it('revokes a key: it is refused on the next request with 401 key_revoked', async () => {
    const { client, account } = await registerNew(server);
    const phone = generateIdentity();
    await addKey(client, {
      body: { public_key: phone.publicKeyHex, proof: proofFor(phone, account.id) },
    });
    const phoneClient = signingAs(phone.secretKey);
    await getMe(phoneClient, {});
    const revoked = await revokeKey(client, { public_key: phone.publicKeyHex });
    expect(revoked.revoked_at).not.toBeNull();
    expect(await failure(getMe(phoneClient, {}))).toMatchObject({
      status: 401,
      code: 'key_revoked',
    });
    // Listed, marked revoked; revoking again changes nothing.
    const listed = (await listKeys(client, {})).items.find(
      (key) => key.public_key === phone.publicKeyHex,
    );
    expect(listed?.revoked_at).toBe(revoked.revoked_at);
    expect(await revokeKey(client, { public_key: phone.publicKeyHex })).toEqual(revoked);
    // A revoked key cannot come back.
    const readd = await failure(
      addKey(client, {
        body: { public_key: phone.publicKeyHex, proof: proofFor(phone, account.id) },
      }),
    );
    expect(readd).toMatchObject({ status: 409, code: 'key_already_added' });
  });

  it('refuses to revoke the last active key with 409 last_key', async () => {
    const { client, identity, account } = await registerNew(server);
    expect(await failure(revokeKey(client, { public_key: identity.publicKeyHex }))).toMatchObject({
      status: 409,
      code: 'last_key',
    });
    // With a second key, the signing key itself may go; then the second is the last one.
    const second = generateIdentity();
    await addKey(client, {
      body: { public_key: second.publicKeyHex, proof: proofFor(second, account.id) },
    });
    await revokeKey(client, { public_key: identity.publicKeyHex });
    const secondClient = signingAs(second.secretKey);
    expect(
      await failure(revokeKey(secondClient, { public_key: second.publicKeyHex })),
    ).toMatchObject({
      status: 409,
      code: 'last_key',
    });
    expect(await getMe(secondClient, {})).toMatchObject({ id: account.id });
  });

  it("answers another account's key with 404 and leaves it working", async () => {
    const alice = await registerNew(server);
    const bob = await registerNew(server);
    const spare = generateIdentity();
    await addKey(bob.client, {
      body: { public_key: spare.publicKeyHex, proof: proofFor(spare, bob.account.id) },
    });
    expect(
      await failure(revokeKey(alice.client, { public_key: bob.identity.publicKeyHex })),
    ).toMatchObject({
      status: 404,
      code: 'not_found',
    });
    expect(await getMe(bob.client, {})).toMatchObject({ id: bob.account.id });
  });
});
