import type { Operation, OperationInput } from '@dc/client';
import { fieldIssues } from '@dc/client';
import type { Context, Hono } from 'hono';
import { sql } from 'kysely';
import type { z } from 'zod';
import { authenticate, authorize } from '../auth/authenticate';
import type { AppEnv, RequestContext } from './context';
import { nulCharacterIssues } from './nul-characters';
import { HttpProblem, validationFailed } from './problem';

/** A route's implementation: validated input in, the operation's response value out. */
export type Handler<O extends Operation> = (
  input: OperationInput<O>,
  context: RequestContext,
) => Promise<z.input<O['response']>>;

/** Per-process settings the mounted routes need. */
export interface MountOptions {
  readonly context: (c: Context<AppEnv>) => Omit<RequestContext, 'caller'>;
  readonly maxBodyBytes: (op: Operation) => number;
  readonly keyRateLimit: number;
}

function honoPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

/** Path and query exactly as on the request line (what the signature covers). */
function rawPathAndQuery(c: Context<AppEnv>): string {
  const incoming = (c.env as { incoming?: { url?: string } } | undefined)?.incoming;
  if (incoming?.url) return incoming.url;
  const url = new URL(c.req.url);
  return url.pathname + url.search;
}

async function readBody(c: Context<AppEnv>, limit: number): Promise<Uint8Array | undefined> {
  const declared = Number(c.req.header('content-length') ?? 0);
  if (declared > limit) {
    throw new HttpProblem(
      413,
      'body_too_large',
      `The body is ${declared} bytes; the limit here is ${limit}.`,
    );
  }
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return undefined;
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.length > limit) {
    throw new HttpProblem(413, 'body_too_large', `The body is over ${limit} bytes.`);
  }
  return bytes.length === 0 ? undefined : bytes;
}

function parseJsonBody(c: Context<AppEnv>, raw: Uint8Array | undefined): unknown {
  const type = c.req.header('content-type') ?? '';
  if (raw === undefined) return undefined;
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw new HttpProblem(415, 'unsupported_media_type', 'Send the body as application/json.');
  }
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch (error) {
    throw new HttpProblem(
      400,
      'malformed_json',
      `The body is not valid JSON: ${(error as Error).message}`,
    );
  }
}

function validate<S extends z.ZodType>(schema: S, value: unknown, root: string, status: 400 | 422) {
  const result = schema.safeParse(value);
  if (!result.success) throw validationFailed(fieldIssues(result.error.issues, root), status);
  const nul = nulCharacterIssues(result.data, root);
  if (nul.length > 0) throw validationFailed(nul, status);
  return result.data;
}

/** Query values as a plain record; a repeated key is refused rather than silently picked. */
function queryRecord(c: Context<AppEnv>): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [key, values] of Object.entries(c.req.queries())) {
    if (values.length > 1) {
      throw validationFailed([{ path: `query.${key}`, message: 'given more than once' }], 400);
    }
    if (values[0] !== undefined) record[key] = values[0];
  }
  return record;
}

/**
 * GETs anyone may call (`public`, and `optional` whose caller only widens what is visible)
 * never write (never-again 29): what they show is computed by scheduled jobs and stored.
 */
export function readOnly(op: Pick<Operation, 'method' | 'auth'>): boolean {
  return op.method === 'GET' && (op.auth === 'public' || op.auth === 'optional');
}

/**
 * Runs `work` in a READ ONLY transaction handed to it as its database, so any write it tries
 * fails (SQLSTATE 25006) instead of happening. A database that cannot even begin the
 * transaction is a 503, as `/v1/health` reports it.
 */
async function runReadOnly<T>(
  db: RequestContext['db'],
  work: (trx: RequestContext['db']) => Promise<T>,
): Promise<T> {
  let begun = false;
  try {
    return await db.transaction().execute(async (trx) => {
      await sql`SET TRANSACTION READ ONLY`.execute(trx);
      begun = true;
      return work(trx);
    });
  } catch (error) {
    if (begun || error instanceof HttpProblem) throw error;
    throw new HttpProblem(503, 'database_unreachable', 'The database does not answer.', {
      cause: error,
    });
  }
}

/**
 * Mounts one operation: reads the body once, authenticates, rate-limits per caller, checks the
 * role, validates every part of the input with the operation's schemas, runs the handler (a
 * public GET's in a read-only transaction, see {@link readOnly}) and
 * serialises its result through the response schema (which also drops any field the schema
 * does not declare, so an internal column can never leak).
 */
export function mountOperation<O extends Operation>(
  app: Hono<AppEnv>,
  op: O,
  handler: Handler<O>,
  options: MountOptions,
): void {
  app.on(op.method, honoPath(op.path), async (c) => {
    const base = options.context(c);
    const raw = await readBody(c, options.maxBodyBytes(op));
    c.set('rawBody', raw);
    const caller =
      op.auth === 'public'
        ? undefined
        : await authenticate(
            {
              db: base.db,
              replayGuard: base.services.replayGuard,
              windowMs: base.config.DC_SIGNATURE_WINDOW_S * 1000,
              adminUsernames: base.config.DC_ADMIN_USERNAMES,
              now: () => base.services.now().getTime(),
            },
            {
              method: c.req.method,
              pathAndQuery: rawPathAndQuery(c),
              headers: c.req.raw.headers,
              body: raw,
            },
          );
    c.set('caller', caller);
    if (caller) {
      const bucket =
        caller.kind === 'account'
          ? `account:${caller.accountId}`
          : caller.kind === 'agent'
            ? `agent:${caller.agentKey}`
            : `key:${caller.publicKey}`;
      const decision = await base.services.rateLimiter.hit(
        bucket,
        options.keyRateLimit,
        60_000,
        base.services.now().getTime(),
      );
      if (!decision.allowed) {
        throw new HttpProblem(
          429,
          'rate_limited',
          `Over ${options.keyRateLimit} requests per minute for this account.`,
          {
            retryAfter: decision.retryAfterSeconds,
          },
        );
      }
    }
    authorize(op, caller);
    const input = {
      params: op.params ? validate(op.params, c.req.param(), 'params', 400) : {},
      query: op.query ? validate(op.query, queryRecord(c), 'query', 400) : {},
      body: op.body ? validate(op.body, parseJsonBody(c, raw), 'body', 422) : undefined,
    } as OperationInput<O>;
    const result = readOnly(op)
      ? await runReadOnly(base.db, (db) =>
          handler(input, { ...base, db, database: { ...base.database, db }, caller }),
        )
      : await handler(input, { ...base, caller });
    if (op.status === 204) return c.body(null, 204);
    if (op.responseType === 'application/pdf') {
      return c.body(result as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/pdf' });
    }
    if (op.responseType === 'text/csv') {
      return c.body(String(result), 200, { 'content-type': 'text/csv; charset=utf-8' });
    }
    return c.json(op.response.parse(result) as object, op.status);
  });
}
