// Setup tokens, registration, offline delegation certificates, revocation and per-route
// permissions, over real HTTP with a test agent signing with its own key.

import {
  createPool,
  getMe,
  leaseJobs,
  listAgents,
  registerAgent,
  reportHealth,
  revokeAgent,
  sendHeartbeat,
  submitDelegation,
} from '@dc/client';
import { generateIdentity, MemoryReplayGuard, signDelegation, verifyRequest } from '@dc/crypto';
import { nodeVerifySignature } from '@dc/crypto/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSetupToken } from '../../src/agents/setup-token';
import { type ContractWorld, contractWorld, HOUR } from '../contracts/_http';
import { problemOf } from '../offerings/_support';
import { agentClient, newAgent, setupToken, type WorldProvider } from './_agents';

let world: ContractWorld;
let provider: WorldProvider;
beforeAll(async () => {
  world = await contractWorld();
  provider = await world.provider();
});
afterAll(async () => {
  await world?.stop();
});

const register = (token: string, identity = generateIdentity(), region = 'europe' as const) => {
  const { client } = agentClient(world, identity);
  return registerAgent(client, { body: { token, agent_pubkey: identity.publicKeyHex, region } });
};

describe('setup tokens and registration', () => {
  it('registers an agent with the default permissions and keeps the signed request as evidence', async () => {
    const token = await setupToken(provider);
    expect(token).toMatch(/^dcs_[A-Za-z0-9_-]{43}$/);
    const identity = generateIdentity();
    const delegation = await register(token, identity);
    expect(delegation).toMatchObject({
      agent_pubkey: identity.publicKeyHex,
      pool_id: provider.poolId,
      permissions: ['lease_jobs', 'report_instances', 'report_health', 'heartbeat'],
      source: 'setup_token',
    });
    const listed = await listAgents(provider.client, {});
    expect(listed.items.map((agent) => agent.agent_pubkey)).toContain(identity.publicKeyHex);

    const stored = await world.server.database.db
      .selectFrom('setup_tokens')
      .select(['token_hash', 'used_by', 'evidence'])
      .where('token_hash', '=', hashSetupToken(token))
      .executeTakeFirstOrThrow();
    expect(stored.used_by).toBe(identity.publicKeyHex);
    // The provider's signed request verifies again later: real authority, not a claim.
    const { request } = stored.evidence as {
      request: {
        method: string;
        path: string;
        host: string;
        headers: Record<string, string>;
        body: string;
      };
    };
    expect(request.path).toBe(`/v1/provider/pools/${provider.poolId}/setup-tokens`);
    const verified = await verifyRequest({
      method: request.method,
      path: request.path,
      host: request.host,
      headers: new Headers(request.headers),
      body: Buffer.from(request.body, 'base64'),
      now: Number(request.headers['x-dc-timestamp']),
      replayGuard: new MemoryReplayGuard(),
      verify: nodeVerifySignature,
    });
    expect(verified).toMatchObject({ ok: true, publicKeyHex: provider.identity.publicKeyHex });
  });

  it('never-again 17: stores only a hash of the token', async () => {
    const token = await setupToken(provider);
    const rows = await world.server.database.db.selectFrom('setup_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows.map((row) => row.token_hash)).toContain(hashSetupToken(token));
  });

  it('never-again 17: a wrong region is refused before the token is consumed', async () => {
    const token = await setupToken(provider);
    expect(
      await problemOf(register(token, generateIdentity(), 'north_america' as never)),
    ).toMatchObject({
      status: 422,
      code: 'region_mismatch',
      paths: ['body.region'],
    });
    // The same token still works for an agent in the pool's region.
    expect((await register(token)).pool_id).toBe(provider.poolId);
  });

  it('never-again 17: a used token is refused, and so is an expired one', async () => {
    const token = await setupToken(provider);
    await register(token);
    expect(await problemOf(register(token))).toMatchObject({
      status: 409,
      code: 'setup_token_used',
    });

    const expiring = await setupToken(provider, { expires_in_minutes: 5 });
    world.clock.advance(6 / 60);
    expect(await problemOf(register(expiring))).toMatchObject({
      status: 409,
      code: 'setup_token_expired',
    });
    expect(await problemOf(register(`dcs_${'A'.repeat(43)}`))).toMatchObject({
      status: 404,
      code: 'setup_token_unknown',
    });
  });

  it('refuses a registration whose agent_pubkey is not the signing key', async () => {
    const token = await setupToken(provider);
    const { client } = agentClient(world);
    const other = generateIdentity();
    expect(
      await problemOf(
        registerAgent(client, {
          body: { token, agent_pubkey: other.publicKeyHex, region: 'europe' },
        }),
      ),
    ).toMatchObject({ status: 422, code: 'agent_key_mismatch' });
    expect((await register(token)).pool_id).toBe(provider.poolId);
  });

  it('never-again 17: re-registering a key never moves it to another provider', async () => {
    const identity = generateIdentity();
    await register(await setupToken(provider), identity);
    const rival = await world.provider();
    const rivalToken = await setupToken(rival);
    expect(await problemOf(register(rivalToken, identity))).toMatchObject({
      status: 409,
      code: 'agent_key_registered',
    });
    // Nor by certificate.
    const certificate = signDelegation(
      {
        agentPublicKey: identity.publicKeyHex,
        providerPublicKey: rival.identity.publicKeyHex,
        poolId: rival.poolId,
        permissions: ['lease_jobs'],
        notBefore: world.clock.now().getTime() - HOUR,
        notAfter: world.clock.now().getTime() + HOUR,
        serial: 'rival-1',
      },
      rival.identity.secretKey,
    );
    const { client } = agentClient(world, identity);
    expect(await problemOf(submitDelegation(client, { body: { certificate } }))).toMatchObject({
      status: 409,
      code: 'agent_key_registered',
    });
    const rows = await world.server.database.db
      .selectFrom('agents')
      .select('provider_id')
      .where('agent_pubkey', '=', identity.publicKeyHex)
      .execute();
    expect(rows).toHaveLength(1);
    // The rival's token was not consumed by the refused attempt.
    expect((await register(rivalToken)).pool_id).toBe(rival.poolId);
  });

  it("refuses an account's key as an agent key", async () => {
    const token = await setupToken(provider);
    expect(
      await problemOf(
        registerAgent(provider.client, {
          body: { token, agent_pubkey: provider.identity.publicKeyHex, region: 'europe' },
        }),
      ),
    ).toMatchObject({ status: 409, code: 'key_is_account_key' });
  });
});

describe('delegation certificates', () => {
  const certificateFor = (
    agentKey: string,
    overrides: Partial<Parameters<typeof signDelegation>[0]> = {},
  ) =>
    signDelegation(
      {
        agentPublicKey: agentKey,
        providerPublicKey: provider.identity.publicKeyHex,
        poolId: provider.poolId,
        permissions: ['lease_jobs', 'heartbeat'],
        notBefore: world.clock.now().getTime() - HOUR,
        notAfter: world.clock.now().getTime() + 24 * HOUR,
        serial: `cert-${agentKey.slice(0, 8)}`,
        ...overrides,
      },
      provider.identity.secretKey,
    );

  it('accepts a certificate the provider signed offline, with exactly its permissions', async () => {
    const { client, identity } = agentClient(world);
    const delegation = await submitDelegation(client, {
      body: { certificate: certificateFor(identity.publicKeyHex) },
    });
    expect(delegation).toMatchObject({
      agent_pubkey: identity.publicKeyHex,
      pool_id: provider.poolId,
      permissions: ['heartbeat', 'lease_jobs'],
      source: 'certificate',
    });
    await sendHeartbeat(client, { body: { version: 'cert-1' } });
    expect(
      await problemOf(
        reportHealth(client, {
          body: {
            checks: [
              {
                contract_id: provider.poolId,
                status: 'healthy',
                checked_at: world.clock.now().toISOString(),
              },
            ],
          },
        }),
      ),
    ).toMatchObject({ status: 403, code: 'permission_missing' });
  });

  it('refuses a certificate for another key, a forged one and an expired one', async () => {
    const { client, identity } = agentClient(world);
    const someoneElse = generateIdentity();
    expect(
      await problemOf(
        submitDelegation(client, {
          body: { certificate: certificateFor(someoneElse.publicKeyHex) },
        }),
      ),
    ).toMatchObject({ status: 422, code: 'agent_key_mismatch' });

    // Permissions widened after signing: the signature no longer covers them.
    const forged = {
      ...certificateFor(identity.publicKeyHex),
      permissions: ['lease_jobs', 'heartbeat', 'manage_dns'] as const,
    };
    expect(
      await problemOf(submitDelegation(client, { body: { certificate: forged } })),
    ).toMatchObject({ status: 422, code: 'delegation_invalid_signature' });

    const expired = certificateFor(identity.publicKeyHex, {
      notBefore: world.clock.now().getTime() - 2 * HOUR,
      notAfter: world.clock.now().getTime() - HOUR,
    });
    expect(
      await problemOf(submitDelegation(client, { body: { certificate: expired } })),
    ).toMatchObject({
      status: 422,
      code: 'delegation_expired',
    });
  });

  it('refuses a certificate for a pool the signer does not own', async () => {
    const rival = await world.provider();
    const { client, identity } = agentClient(world);
    const certificate = certificateFor(identity.publicKeyHex, { poolId: rival.poolId });
    expect(await problemOf(submitDelegation(client, { body: { certificate } }))).toMatchObject({
      status: 403,
      code: 'delegation_signer_unknown',
    });
  });
});

describe('revocation and permissions', () => {
  it('refuses a revoked agent on its very next request', async () => {
    const agent = await newAgent(world, provider);
    expect((await leaseJobs(agent.client, { body: { max: 1 } })).jobs).toEqual([]);
    await revokeAgent(provider.client, { pubkey: agent.identity.publicKeyHex });
    expect(await problemOf(leaseJobs(agent.client, { body: { max: 1 } }))).toMatchObject({
      status: 401,
      code: 'delegation_revoked',
    });
    const listed = await listAgents(provider.client, {});
    const row = listed.items.find((item) => item.agent_pubkey === agent.identity.publicKeyHex);
    expect(row?.revoked_at).not.toBeNull();
    // Revoking is the provider's own business: another provider gets a 404.
    const rival = await world.provider();
    const other = await newAgent(world, provider);
    expect(
      await problemOf(revokeAgent(rival.client, { pubkey: other.identity.publicKeyHex })),
    ).toMatchObject({ status: 404 });
  });

  it('never-again 17: checks the permission of every agent route', async () => {
    const agent = await newAgent(world, provider, { permissions: ['heartbeat'] });
    await sendHeartbeat(agent.client, { body: { version: 'test-1' } });
    expect(await problemOf(leaseJobs(agent.client, { body: { max: 1 } }))).toMatchObject({
      status: 403,
      code: 'permission_missing',
    });
  });

  it('keeps agent keys to agent routes and account keys off them', async () => {
    const agent = await newAgent(world, provider);
    expect(await problemOf(getMe(agent.client, {}))).toMatchObject({
      status: 403,
      code: 'agent_key_not_allowed',
    });
    expect(
      await problemOf(
        createPool(agent.client, {
          body: { name: 'sneaky', region: 'europe', provisioner_kinds: ['docker'] },
        }),
      ),
    ).toMatchObject({ status: 403, code: 'agent_key_not_allowed' });
    expect(await problemOf(leaseJobs(provider.client, { body: { max: 1 } }))).toMatchObject({
      status: 403,
      code: 'agent_only',
    });
    const stranger = agentClient(world);
    expect(await problemOf(leaseJobs(stranger.client, { body: { max: 1 } }))).toMatchObject({
      status: 401,
      code: 'unknown_agent_key',
    });
  });
});
