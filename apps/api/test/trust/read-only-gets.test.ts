import {
  callOperation,
  defineOperation,
  getMe,
  type Offering,
  type Operation,
  operations,
} from '@dc/client';
import { Hono } from 'hono';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../../src/config';
import type { AppEnv, RequestContext } from '../../src/http/context';
import { type Handler, mountOperation, readOnly } from '../../src/http/mount';
import type { Services } from '../../src/services';
import { runTrustJob } from '../../src/trust/job';
import { trustJobSettings } from '../../src/trust/settings';
import { type ContractWorld, contractWorld, usdOffering } from '../contracts/_http';
import type { TestAccount } from '../offerings/_support';

/**
 * Never-again 29 (a public GET that writes): every GET anyone may call runs in a READ ONLY
 * transaction. Each such operation of `@dc/client` is called here with valid parameters and
 * answers; a handler that writes anyway fails instead of writing.
 */

let world: ContractWorld;
let providerUsername: string;
let offering: Offering;
/** A signed-in caller (a renter), for the GETs whose auth is optional. */
let signedIn: TestAccount;

beforeAll(async () => {
  world = await contractWorld({ DC_PROBER_ENABLED: 'false' });
  const provider = await world.provider();
  providerUsername = provider.username;
  offering = await usdOffering(provider);
  await getMe(provider.client, {});
  signedIn = await world.account();
  await getMe(signedIn.client, {});
  // The records the public GETs show are the trust job's; run it once.
  await runTrustJob(world.server.database.db, world.clock.now(), trustJobSettings(loadConfig({})));
});

afterAll(async () => {
  await world?.stop();
});

const publicGets = (Object.values(operations) as Operation[]).filter(readOnly);

/** Valid path parameters by name; a new public GET with another parameter needs one here. */
const fixtures = (): Record<string, string> => ({
  username: providerUsername,
  id: offering.id,
});

describe('public GETs', () => {
  it('are every GET with auth public or optional, the trust ones included', () => {
    const ids = publicGets.map((op) => op.id);
    for (const id of [
      'getHealth',
      'getAccount',
      'getProvider',
      'getOffering',
      'searchOfferings',
      'getProviderRecord',
      'getLeaderboard',
      'getProviderUptime',
      'getProviderUptimeSeries',
      'getOfferingUptime',
      'getOfferingUptimeSeries',
    ]) {
      expect(ids).toContain(id);
    }
    for (const op of Object.values(operations) as Operation[]) {
      expect(readOnly(op), op.id).toBe(
        op.method === 'GET' && (op.auth === 'public' || op.auth === 'optional'),
      );
    }
  });

  /** The operation's path parameters from {@link fixtures}. */
  function paramsOf(op: Operation): Record<string, string> {
    const names = Object.keys(op.params?.shape ?? {});
    const values = fixtures();
    const missing = names.filter((name) => values[name] === undefined);
    expect(missing, `add a fixture for ${op.id}'s path parameters`).toEqual([]);
    return Object.fromEntries(names.map((name) => [name, values[name] as string]));
  }

  it.each(publicGets.map((op) => [op.id, op] as const))(
    '%s answers inside its read-only transaction',
    async (_id, op) => {
      const result = await callOperation(world.server.anonymous, op, paramsOf(op) as never);
      expect(result).toBeDefined();
    },
  );

  const optionalGets = publicGets.filter((op) => op.auth === 'optional');

  it('include GETs with optional auth (the signed-in calls below are not vacuous)', () => {
    expect(optionalGets.length).toBeGreaterThanOrEqual(4);
  });

  it.each(optionalGets.map((op) => [op.id, op] as const))(
    '%s answers a signed-in caller inside its read-only transaction too',
    async (_id, op) => {
      // A signed caller takes the other branch of optional auth (the caller is resolved, its
      // key and request checked): still only reads in the handler's transaction.
      const result = await callOperation(signedIn.client, op, paramsOf(op) as never);
      expect(result).toBeDefined();
    },
  );
});

describe('a handler of a public GET that tries to write', () => {
  const writeProbe = (method: 'GET' | 'POST') =>
    defineOperation('writeProbe', {
      method,
      path: '/v1/test/write-probe',
      auth: 'public',
      tag: 'test',
      summary: 'Tries to write and says what the database answered',
      response: z.object({ outcome: z.string() }),
    });

  /** What the probe's insert met: `written`, or the SQLSTATE it failed with. */
  let seen: string | undefined;

  /**
   * Inserts a nonce row and reports the SQLSTATE it failed with, or `written`, in its answer
   * and in {@link seen}: on PostgreSQL a transaction that met an error cannot commit (Kysely
   * refuses it, a 500), so the answer alone does not say what the database did.
   */
  const tryToWrite =
    (nonce: string): Handler<Operation> =>
    async (_input, ctx) => {
      try {
        await ctx.db
          .insertInto('request_nonces')
          .values({ public_key: 'f'.repeat(64), nonce, expires_at: new Date() })
          .execute();
        seen = 'written';
      } catch (error) {
        seen = String((error as { code?: string }).code);
      }
      return { outcome: seen };
    };

  /** Calls the probe; what its insert met, and whether the answer was a 200. */
  async function call(
    method: 'GET' | 'POST',
    nonce: string,
  ): Promise<{ outcome: string | undefined; status: number }> {
    seen = undefined;
    const app = new Hono<AppEnv>();
    const { database } = world.server;
    app.use(async (c, next) => {
      c.set('log', pino({ level: 'silent' }));
      await next();
    });
    mountOperation(app, writeProbe(method), tryToWrite(nonce), {
      context: (): Omit<RequestContext, 'caller'> => ({
        db: database.db,
        database,
        config: loadConfig({}),
        log: pino({ level: 'silent' }),
        requestId: 'write-probe',
        ip: '127.0.0.1',
        services: { now: () => new Date() } as Services,
        expectedMigrations: 0,
      }),
      maxBodyBytes: () => 1024,
      keyRateLimit: 100,
    });
    const response = await app.request('/v1/test/write-probe', { method });
    return { outcome: seen, status: response.status };
  }

  const stored = async (nonce: string) =>
    (
      await world.server.database.db
        .selectFrom('request_nonces')
        .select('nonce')
        .where('nonce', '=', nonce)
        .execute()
    ).length;

  it('fails with "read-only transaction" (25006) and leaves no row', async () => {
    const { outcome, status } = await call('GET', 'read-only-probe');
    expect(outcome).toBe('25006');
    // PGlite commits the (read-only) transaction the handler caught the error in; PostgreSQL
    // has aborted it, so the commit is refused: a 500, never a write.
    expect([200, 500]).toContain(status);
    expect(await stored('read-only-probe')).toBe(0);
  });

  it('writes as a POST, so the refusal comes from the read-only rule, not the insert', async () => {
    expect(await call('POST', 'writable-probe')).toEqual({ outcome: 'written', status: 200 });
    expect(await stored('writable-probe')).toBe(1);
  });
});
