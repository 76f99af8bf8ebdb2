import {
  type CreateOfferingParameters,
  type CreatePoolParameters,
  createApiToken,
  createOffering,
  createPool,
  exportOfferingsCsv,
  type Operation,
  operations,
  Problem,
  type PutProviderProfileParameters,
  putProviderProfile,
  registerAccount,
} from '@dc/client';
import { generateIdentity, type Identity, signRequest } from '@dc/crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ENGINES, startTestServer, type TestServer } from '../support/server';
import { arbitraryFromSchema, interestingStrings, mutated } from '../support/zod-arbitrary';

/**
 * The evidence "every route, fed random JSON, answers 4xx, never 5xx": for each
 * operation of @dc/client, random path parameters, query strings and bodies (shaped by the
 * operation's zod schemas, mutated, or plain garbage), sent anonymously and signed by a real
 * provider's key so that authentication passes and validation and the handlers run. Every
 * answer must be below 500, and every error a problem document.
 */

/** Requests per operation; `FUZZ_RUNS=2000` (in the environment of a run) digs deeper. */
const RUNS_PER_OPERATION = runsPerOperation(process.env['FUZZ_RUNS']);

function runsPerOperation(value: string | undefined): number {
  if (value === undefined) return 30;
  const runs = Number(value);
  if (!Number.isSafeInteger(runs) || runs < 1) {
    throw new Error(`FUZZ_RUNS=${JSON.stringify(value)}: must be a positive whole number`);
  }
  return runs;
}

/** Path segments that break naive decoding or routing. */
const RAW_SEGMENTS = [
  '%',
  '%zz',
  '%E0%A4%A',
  '%00',
  '%2F',
  'a%2Fb',
  '%C0%AF',
  '.%2E',
  'x'.repeat(3000),
];

/** Bodies that are not what a JSON API expects, as raw text. */
const GARBAGE_BODIES = [
  '',
  'null',
  '[]',
  '{}',
  '"text"',
  '{"a":',
  '{"a":1}{"b":2}',
  '1e400',
  '"\\ud800"',
  '"\\u0000"',
  `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
  `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`,
  JSON.stringify({ __proto__: { admin: true }, constructor: { prototype: { x: 1 } } }),
];

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/merge-patch+json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  undefined,
];

/** What one fuzzed request is made of. */
interface FuzzRequest {
  readonly signed: boolean;
  readonly path: string;
  readonly query: string;
  readonly body: string | Uint8Array | undefined;
  readonly contentType: string | undefined;
}

/** Known-good values the fixtures created, so some requests hit real rows. */
interface Known {
  readonly strings: string[];
  readonly byParam: Record<string, string[]>;
  /** A valid request per operation id: the fuzzer changes one field of its body at a time. */
  readonly examples: Record<
    string,
    { readonly path: string; readonly body: Record<string, unknown> }
  >;
}

/**
 * Gives an example's unique fields (`slug`, `username`) a new value, so that a create does not
 * stop at "already exists" before the changed field reaches the database.
 */
function freshen(
  body: Record<string, unknown>,
  changed: string,
  suffix: number,
): Record<string, unknown> {
  const copy = { ...body };
  for (const key of ['slug', 'username']) {
    if (key !== changed && typeof copy[key] === 'string') copy[key] = `${copy[key]}-${suffix}`;
  }
  return copy;
}

function encodeQuery(record: Record<string, unknown>): string {
  const parts = Object.entries(record).map(
    ([key, value]) =>
      `${encodeURIComponent(key)}=${encodeURIComponent(typeof value === 'string' ? value : JSON.stringify(value))}`,
  );
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/**
 * A valid body with one field set to something else: a value of the field's own schema, a
 * troublesome string, or any JSON. Near-valid input gets past validation into the handler and
 * the database, where the 500s hide.
 */
function oneFieldChanged(
  example: Record<string, unknown>,
  schema: z.ZodType,
  strings: fc.Arbitrary<string>,
): fc.Arbitrary<unknown> {
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
  const keys = Object.keys(shape);
  if (keys.length === 0) return fc.constant(example);
  return fc
    .constantFrom(...keys)
    .chain((key) =>
      fc
        .tuple(
          fc.oneof(
            { weight: 3, arbitrary: arbitraryFromSchema(shape[key] as z.ZodType, strings) },
            { weight: 2, arbitrary: strings },
            { weight: 1, arbitrary: fc.jsonValue() },
          ),
          fc.nat(),
        )
        .map(([value, suffix]) => ({ ...freshen(example, key, suffix), [key]: value })),
    );
}

function requestArbitrary(op: Operation, known: Known): fc.Arbitrary<FuzzRequest> {
  const strings = interestingStrings(known.strings);
  const segment = (name: string, schema: unknown) =>
    fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(...(known.byParam[name] ?? ['missing'])) },
      {
        weight: 2,
        arbitrary: arbitraryFromSchema(schema as never, strings).map((value) =>
          encodeURIComponent(String(value)),
        ),
      },
      { weight: 1, arbitrary: fc.string({ unit: 'binary' }).map(encodeURIComponent) },
      { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
    );
  const shape = (op.params?.shape ?? {}) as Record<string, unknown>;
  const example = known.examples[op.id];
  const randomPath = fc
    .record(
      Object.fromEntries(
        Object.entries(shape).map(([name, schema]) => [name, segment(name, schema)]),
      ),
    )
    .map((values) => op.path.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name])));
  const path = example ? fc.oneof(randomPath, fc.constant(example.path)) : randomPath;

  const schemaQuery = op.query ? arbitraryFromSchema(op.query, strings) : fc.constant({});
  const query = fc.oneof(
    {
      weight: 4,
      arbitrary: schemaQuery.map((value) => encodeQuery(value as Record<string, unknown>)),
    },
    { weight: 1, arbitrary: mutated(schemaQuery).map((value) => encodeQuery({ value })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '?limit=1&limit=2',
        '?q=%',
        '?cursor=%E0%A4%A',
        '?=&&=',
        '?limit=1e3',
      ),
    },
  );

  const jsonBody = op.body
    ? fc.oneof(
        { weight: 2, arbitrary: arbitraryFromSchema(op.body, strings) },
        { weight: 2, arbitrary: mutated(arbitraryFromSchema(op.body, strings)) },
        ...(example
          ? [{ weight: 4, arbitrary: oneFieldChanged(example.body, op.body, strings) }]
          : []),
        { weight: 1, arbitrary: fc.jsonValue() },
      )
    : fc.jsonValue();
  const body = fc.oneof(
    { weight: 6, arbitrary: jsonBody.map((value) => JSON.stringify(value) as string | undefined) },
    { weight: 2, arbitrary: fc.constantFrom(...GARBAGE_BODIES) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary' }) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
  const contentType = fc.oneof(
    { weight: 6, arbitrary: fc.constant('application/json') },
    { weight: 1, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
  );
  const hasBody = op.method !== 'GET';
  return fc.record({
    signed: fc.boolean(),
    path,
    query,
    body: hasBody ? body : fc.constant(undefined),
    contentType: hasBody ? contentType : fc.constant(undefined),
  });
}

/** `changed` with the unique fields it did not change made fresh (see {@link freshen}). */
function unique(
  example: Record<string, unknown>,
  changed: Record<string, unknown>,
  suffix: number,
): Record<string, unknown> {
  const fresh = freshen(example, '', suffix);
  const result = { ...changed };
  for (const key of ['slug', 'username']) {
    if (key in result && result[key] === example[key]) result[key] = fresh[key];
  }
  return result;
}

/** Copies of `value`, each with one string (at any depth) replaced by `text`. */
function withEachStringReplaced(value: unknown, text: string): unknown[] {
  if (typeof value === 'string') return [text];
  if (Array.isArray(value)) {
    return value.flatMap((item, index) =>
      withEachStringReplaced(item, text).map((changed) =>
        value.map((old, i) => (i === index ? changed : old)),
      ),
    );
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) =>
      withEachStringReplaced(item, text).map((changed) => ({ ...value, [key]: changed })),
    );
  }
  return [];
}

async function send(
  server: TestServer,
  identity: Identity,
  op: Operation,
  request: FuzzRequest,
): Promise<Response> {
  const url = new URL(`${server.url}${request.path}${request.query}`).toString();
  const headers: Record<string, string> = {};
  if (request.contentType) headers['content-type'] = request.contentType;
  if (request.signed) {
    // Registration wants a key no account has yet; any other operation the provider's key.
    const signer = op.id === 'registerAccount' ? generateIdentity() : identity;
    Object.assign(
      headers,
      signRequest({ secretKey: signer.secretKey, method: op.method, url, body: request.body }),
    );
  }
  return fetch(url, {
    method: op.method,
    headers,
    ...(request.body === undefined ? {} : { body: request.body }),
  });
}

async function seed(server: TestServer): Promise<{ identity: Identity; known: Known }> {
  const { client, identity } = server.clientFor();
  const account = await registerAccount(client, { body: { username: 'fuzz-provider' } });
  const profileBody = {
    legal_name: 'Fuzz Hosting GmbH',
    display_name: 'Fuzz Hosting',
    country: 'DE',
    support_email: 'support@fuzz.example',
    support_policy: { response_hours: 24, channels: ['email'], hours: '24/7' },
  } satisfies PutProviderProfileParameters['body'];
  await putProviderProfile(client, { body: profileBody });
  const poolBody = {
    name: 'fsn',
    region: 'europe',
    country: 'DE',
    provisioner_kinds: ['hetzner'],
  } satisfies CreatePoolParameters['body'];
  const pool = await createPool(client, { body: poolBody });
  const offeringBody = {
    slug: 'fuzz-cx22',
    name: 'Fuzz CX22',
    product_type: 'compute',
    virtualization: 'kvm',
    draft: false,
    currency: 'EUR',
    price_per_month: 499,
    cpu_cores: 2,
    memory_mib: 4096,
    disk_gib: 40,
    disk_kind: 'nvme',
    bandwidth_mbps: 1000,
    country: 'DE',
    provisioner: 'hetzner',
    pool_id: pool.id,
    os_images: ['ubuntu-24.04'],
  } satisfies CreateOfferingParameters['body'];
  const offering = await createOffering(client, { body: offeringBody });
  const token = await createApiToken(client, { body: { name: 'fuzz', scopes: ['read'] } });
  const csv = await exportOfferingsCsv(client, {});
  const ids = [account.id, pool.id, offering.id, token.id];
  return {
    identity,
    known: {
      strings: [
        ...ids,
        account.username,
        identity.publicKeyHex,
        csv,
        csv.split('\n')[0] ?? '',
        csv.replace(/,/g, ';'),
        'type:gpu price:<=100 country:US',
        'type:(gpu OR compute) price:[50 TO 500] cores:>=8 !stock:out_of_stock country:(US OR DE)',
        '-country:CN trust:>=70',
        'city:"New York" memory:>=32GB',
        'price:<=20EUR sort:',
        'memory:>=99999999999999999999TB',
      ],
      examples: {
        registerAccount: {
          path: '/v1/accounts',
          body: { username: 'fuzz-renter', display_name: 'Fuzz Renter' },
        },
        updateMe: { path: '/v1/me', body: { display_name: 'Fuzz', email: 'fuzz@fuzz.example' } },
        createApiToken: {
          path: '/v1/me/tokens',
          body: { name: 'ci', scopes: ['read', 'rent'], expires_in_days: 30 },
        },
        putProviderProfile: { path: '/v1/provider/profile', body: profileBody },
        createPool: { path: '/v1/provider/pools', body: poolBody },
        updatePool: {
          path: `/v1/provider/pools/${pool.id}`,
          body: { name: 'fsn-2', country: 'FI' },
        },
        createOffering: {
          path: '/v1/provider/offerings',
          body: {
            ...offeringBody,
            slug: 'fuzz-copy',
            description: 'Two cores',
            city: 'Falkenstein',
          },
        },
        updateOffering: {
          path: `/v1/provider/offerings/${offering.id}`,
          body: { name: 'Renamed', price_per_month: 599, city: 'Falkenstein', cpu_model: 'EPYC' },
        },
        duplicateOffering: {
          path: `/v1/provider/offerings/${offering.id}/duplicate`,
          body: { slug: 'fuzz-dup' },
        },
        importOfferingsCsv: {
          path: '/v1/provider/offerings/import',
          body: { csv, dry_run: true, partial: false },
        },
      },
      byParam: {
        id: ids,
        username: [account.username, 'nobody-here'],
        public_key: [identity.publicKeyHex, '0'.repeat(64)],
      },
    },
  };
}

describe.each(ENGINES)('random input on %s', (engine) => {
  let server: TestServer;
  let identity: Identity;
  let known: Known;

  beforeAll(async () => {
    server = await startTestServer({}, { engine });
    ({ identity, known } = await seed(server));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('refuses a NUL character in any text field of a valid body with 4xx', async () => {
    // PostgreSQL cannot store U+0000 in text or jsonb; the API must say so, not crash.
    const failures: string[] = [];
    for (const [id, example] of Object.entries(known.examples)) {
      const op = (operations as Record<string, Operation>)[id] as Operation;
      const bodies = withEachStringReplaced(example.body, 'a\u0000b');
      for (const [index, body] of bodies.entries()) {
        const sent = JSON.stringify(unique(example.body, body as Record<string, unknown>, index));
        const response = await send(server, identity, op, {
          signed: true,
          path: example.path,
          query: '',
          contentType: 'application/json',
          body: sent,
        });
        if (response.status >= 500) failures.push(`${id} ${sent}`);
        await response.body?.cancel();
      }
    }
    expect(failures).toEqual([]);
  });

  it.each(Object.values(operations) as Operation[])('$id never answers 5xx', async (op) => {
    let pastAuthentication = 0;
    await fc.assert(
      fc.asyncProperty(requestArbitrary(op, known), async (request) => {
        const response = await send(server, identity, op, request);
        const text = await response.text();
        const where = `${op.method} ${request.path}${request.query} -> ${response.status} ${text.slice(0, 300)}`;
        expect(response.status, where).toBeLessThan(500);
        if (request.signed && response.status !== 401) pastAuthentication += 1;
        if (response.status >= 400) {
          expect(response.headers.get('content-type'), where).toBe('application/problem+json');
          const problem = Problem.parse(JSON.parse(text));
          expect(problem.status, where).toBe(response.status);
        }
      }),
      // Stop at the first failure: shrinking costs many requests and the example is printed.
      { numRuns: RUNS_PER_OPERATION, endOnFailure: true },
    );
    // Guards against a vacuous pass: the signed requests must get past authentication.
    expect(pastAuthentication).toBeGreaterThan(0);
  });
});
