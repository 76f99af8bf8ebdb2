import { randomUUID } from 'node:crypto';
import type { Operation } from '@dc/client';
import { operations } from '@dc/client';
import { Hono } from 'hono';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { DatabaseHandle } from './db/connect';
import type { AppEnv } from './http/context';
import { docsPage } from './http/docs-page';
import { type Handler, mountOperation } from './http/mount';
import { HttpProblem } from './http/problem';
import { openApiDocument } from './openapi';
import { handlers } from './routes/index';
import { mountStripeWebhook, STRIPE_WEBHOOK_PATH } from './routes/payments/stripe-webhook';
import type { Services } from './services';

/** What {@link createApp} wires together. */
export interface AppDependencies {
  readonly config: Config;
  readonly database: DatabaseHandle;
  readonly logger: Logger;
  readonly services: Services;
  /** Migrations the code ships; `/v1/health` compares the database with it. */
  readonly expectedMigrations: number;
}

const DEFAULT_BODY_LIMIT = 1024 * 1024;
const LARGE_BODY_LIMIT = 12 * 1024 * 1024;

function clientIp(
  c: { env: unknown; req: { header(name: string): string | undefined } },
  trustProxy: boolean,
): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)
    ?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}

/**
 * The HTTP application: request ids and logs, per-IP limits, every operation of `@dc/client`
 * mounted with its schemas, problem+json errors, the OpenAPI document and its reference page.
 */
export function createApp(deps: AppDependencies): Hono<AppEnv> {
  const { config, database, services } = deps;
  const app = new Hono<AppEnv>();
  let openApiJson: string | undefined;

  app.use(async (c, next) => {
    const incomingId = c.req.header('x-request-id');
    const requestId = incomingId && /^[\w.-]{1,64}$/.test(incomingId) ? incomingId : randomUUID();
    const log = deps.logger.child({ request_id: requestId });
    const started = performance.now();
    c.set('requestId', requestId);
    c.set('log', log);
    c.set('ip', clientIp(c, config.DC_TRUST_PROXY));
    c.header('x-request-id', requestId);
    await next();
    // Only method, path and status: headers and bodies may hold signatures and secrets.
    log.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  });

  app.use(async (c, next) => {
    const now = services.now().getTime();
    // Stripe delivers webhooks in bursts from a handful of addresses, and each delivery is
    // authenticated by its signature: it gets its own, larger bucket instead of the public
    // per-IP one (a burst must not be refused, nor use up the budget of that address).
    const webhook = c.req.method === 'POST' && c.req.path === STRIPE_WEBHOOK_PATH;
    const [bucket, limit] = webhook
      ? [`stripe-webhook:${c.get('ip')}`, config.DC_RATE_LIMIT_STRIPE_WEBHOOK]
      : [`ip:${c.get('ip')}`, config.DC_RATE_LIMIT_PER_IP];
    const decision = await services.rateLimiter.hit(bucket, limit, 60_000, now);
    if (!decision.allowed) {
      throw new HttpProblem(
        429,
        'rate_limited',
        `Over ${limit} requests per minute from this address${webhook ? ' to the Stripe webhook' : ''}.`,
        {
          retryAfter: decision.retryAfterSeconds,
        },
      );
    }
    await next();
  });

  app.get('/v1/openapi.json', (c) => {
    openApiJson ??= JSON.stringify(openApiDocument(config.DC_PUBLIC_URL));
    return c.body(openApiJson, 200, { 'content-type': 'application/json' });
  });
  app.get('/docs', (c) => c.html(docsPage('/v1/openapi.json')));
  mountStripeWebhook(app, deps);

  for (const op of Object.values(operations) as Operation[]) {
    const handler = (handlers as Record<string, Handler<Operation> | undefined>)[op.id];
    if (!handler) throw new Error(`No handler for operation ${op.id}`);
    mountOperation(app, op, handler, {
      context: (c) => ({
        db: database.db,
        database,
        config,
        log: c.get('log'),
        requestId: c.get('requestId'),
        ip: c.get('ip'),
        services,
        expectedMigrations: deps.expectedMigrations,
      }),
      maxBodyBytes: (operation) =>
        operation.id === 'importOfferingsCsv' ? LARGE_BODY_LIMIT : DEFAULT_BODY_LIMIT,
      keyRateLimit: config.DC_RATE_LIMIT_PER_KEY,
    });
  }

  app.notFound((c) => {
    const problem = new HttpProblem(
      404,
      'route_not_found',
      `No route ${c.req.method} ${c.req.path}; see /v1/openapi.json.`,
    );
    return c.json(problem.toJSON(c.get('requestId'), c.req.path), 404, {
      'content-type': 'application/problem+json',
    });
  });

  app.onError((error, c) => {
    const requestId = c.get('requestId');
    let problem: HttpProblem;
    if (error instanceof HttpProblem) {
      problem = error;
    } else if ((error as { code?: unknown }).code === '23505') {
      // A unique constraint a handler did not anticipate: a conflict, not a crash.
      problem = new HttpProblem(409, 'conflict', 'This conflicts with an existing record.');
    } else {
      c.get('log')?.error({ err: error }, 'unhandled error');
      problem = new HttpProblem(
        500,
        'internal_error',
        `Something failed on our side; quote request id ${requestId}.`,
      );
    }
    const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
    if (problem.retryAfter !== undefined) headers['retry-after'] = String(problem.retryAfter);
    return c.body(
      JSON.stringify(problem.toJSON(requestId, c.req.path)),
      problem.status as 400,
      headers,
    );
  });

  return app;
}
