import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { type FormValue, parseStripeForm } from './form';
import { FakeStripeError, FakeStripeState, type StripeObject } from './state';

/** One API request the fake received. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly idempotencyKey: string | undefined;
  readonly form: Record<string, FormValue>;
}

/**
 * A request held on purpose: `before` holds it without processing (as if it never reached
 * Stripe; dropped when the caller's connection closes), `after` processes it and holds the
 * answer (Stripe did it, the caller never heard).
 */
export interface Stall {
  /** Resolves when the request arrived (and, `after`, was processed). */
  readonly arrived: Promise<void>;
  /** Lets it go on (answers, or for `before` processes it if the caller is still there). */
  release(): void;
}

interface PendingStall {
  readonly method: string;
  readonly path: string;
  readonly mode: 'before' | 'after';
  readonly arrive: () => void;
  readonly released: Promise<void>;
}

interface StoredAnswer {
  readonly fingerprint: string;
  readonly status: number;
  readonly body: unknown;
  /** When the key was first used (test clock, ms): Stripe prunes keys after 24 hours. */
  readonly at: number;
}

/** How long Stripe keeps an idempotency key ("keys are eligible to be pruned after 24 hours"). */
export const IDEMPOTENCY_KEY_LIFETIME_MS = 24 * 3_600_000;

/** Options of {@link startFakeStripe}. */
export interface FakeStripeOptions {
  readonly secretKey?: string;
  readonly webhookSecret?: string;
  /** The clock of `created` timestamps, session expiry and webhook signatures. */
  readonly now?: () => Date;
}

/** Drops our private bookkeeping fields (`_...`) from an object before it goes on the wire. */
function wire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(wire);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !key.startsWith('_'))
      .map(([key, inner]) => [key, wire(inner)]),
  );
}

/**
 * A local Stripe API for stripe-node (pointed at it with `host`, `port`, `protocol: 'http'`):
 * the endpoints the card rail calls, Stripe's error shapes and `Idempotency-Key` semantics
 * (same key and parameters: the first answer again; other parameters: an idempotency error;
 * forgotten once 24 hours old on the fake's clock, as Stripe prunes them).
 * Tests drive the customer's side (`complete`, `decline`, `expire`, disputes, dashboard
 * refunds) and sign events with stripe-node's `generateTestHeaderString`.
 */
export class FakeStripe {
  readonly secretKey: string;
  readonly webhookSecret: string;
  readonly now: () => Date;
  readonly state: FakeStripeState;
  readonly requests: RecordedRequest[] = [];
  private readonly answers = new Map<string, StoredAnswer>();
  private readonly stalls: PendingStall[] = [];
  private readonly failures: {
    method: string;
    path: string;
    error: FakeStripeError;
    processed: boolean;
  }[] = [];
  private server: Server | undefined;
  private address = '';

  constructor(options: FakeStripeOptions = {}) {
    this.secretKey = options.secretKey ?? 'sk_test_fake_decent_cloud';
    this.webhookSecret = options.webhookSecret ?? 'whsec_fake_decent_cloud';
    this.now = options.now ?? (() => new Date());
    this.state = new FakeStripeState(() => this.url, this.now);
  }

  /** `http://127.0.0.1:<port>`: the server's STRIPE_API_URL. */
  get url(): string {
    return this.address;
  }

  /** Server settings that point the API at this fake. */
  env(): Record<string, string> {
    return {
      STRIPE_SECRET_KEY: this.secretKey,
      STRIPE_WEBHOOK_SECRET: this.webhookSecret,
      STRIPE_API_URL: this.url,
    };
  }

  async start(): Promise<this> {
    const server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) {
          response.writeHead(500, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ error: { type: 'api_error', message: String(error) } }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Holds the next `method path` request (see {@link Stall}). */
  stall(method: string, path: string, mode: 'before' | 'after'): Stall {
    let arrive = () => {};
    let release = () => {};
    const arrived = new Promise<void>((resolve) => {
      arrive = resolve;
    });
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.stalls.push({ method, path, mode, arrive, released });
    return { arrived, release };
  }

  /**
   * Answers the next `method path` request with `error` without processing it (a 5xx is not
   * stored under the idempotency key, as at Stripe, so a retry is processed). With
   * `processed: true` Stripe does the request (and stores its answer under the key) but the
   * caller gets `error` instead: the answer was lost on the way back.
   */
  failNext(
    method: string,
    path: string,
    error: FakeStripeError,
    options: { readonly processed?: boolean } = {},
  ): void {
    this.failures.push({ method, path, error, processed: options.processed ?? false });
  }

  /** Every refund Stripe made (through the API or the dashboard), oldest first. */
  refunds(): StripeObject[] {
    return [...this.state.refunds.values()];
  }

  /** Requests received for `method path`. */
  requestsTo(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  /** The customer pays the session (`amountTotal` in Stripe's unit, default the total). */
  complete(sessionId: string, amountTotal?: number) {
    const paid = this.state.complete(sessionId, amountTotal);
    return { ...paid, event: this.event('checkout.session.completed', paid.session) };
  }

  /** A card is declined on the session's page; the session stays open. */
  decline(sessionId: string, message = 'Your card was declined.') {
    return this.event('payment_intent.payment_failed', this.state.decline(sessionId, message));
  }

  /** The session expires unpaid. */
  expire(sessionId: string) {
    return this.event('checkout.session.expired', this.state.expire(sessionId));
  }

  /** Someone refunds `amount` of the charge in the Stripe dashboard. */
  dashboardRefund(chargeId: string, amount: number) {
    const charge = this.state.charge(chargeId);
    const refund = this.state.refund(charge, amount);
    return { refund, event: this.event('charge.refunded', charge) };
  }

  /** The cardholder disputes the charge. */
  openDispute(chargeId: string) {
    const dispute = this.state.openDispute(chargeId);
    return { dispute, event: this.event('charge.dispute.created', dispute) };
  }

  /** The dispute ends. */
  closeDispute(disputeId: string, outcome: 'won' | 'lost') {
    return this.event('charge.dispute.closed', this.state.closeDispute(disputeId, outcome));
  }

  /** Stripe takes the disputed amount from the balance. */
  fundsWithdrawn(disputeId: string) {
    const dispute = this.state.disputes.get(disputeId);
    if (dispute === undefined) throw new Error(`fake Stripe: no dispute ${disputeId}`);
    return this.event('charge.dispute.funds_withdrawn', dispute);
  }

  /** A Stripe event object around `object`. */
  event(type: string, object: StripeObject): Stripe.Event {
    return {
      id: `evt_test_${createHash('sha256').update(`${type}:${object.id}:${Math.random()}`).digest('hex').slice(0, 24)}`,
      object: 'event',
      api_version: Stripe.API_VERSION,
      created: Math.floor(this.now().getTime() / 1000),
      data: { object: wire(object) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    } as unknown as Stripe.Event;
  }

  /** The `Stripe-Signature` header for `payload`, signed at `timestamp` (default now). */
  sign(payload: string, options: { secret?: string; timestamp?: Date } = {}): string {
    return Stripe.webhooks.generateTestHeaderString({
      payload,
      secret: options.secret ?? this.webhookSecret,
      timestamp: Math.floor((options.timestamp ?? this.now()).getTime() / 1000),
    });
  }

  /** Delivers `event` to `url` as Stripe would: raw JSON body, signed header. */
  async deliver(
    url: string,
    event: Stripe.Event,
    options: { secret?: string; timestamp?: Date } = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const payload = JSON.stringify(event, null, 2);
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': this.sign(payload, options),
      },
      body: payload,
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
    };
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    const method = request.method ?? 'GET';
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    // A GET's parameters are in its query string; recorded the same way.
    const form = parseStripeForm(method === 'GET' ? url.search.slice(1) : raw);
    const idempotencyKey = request.headers['idempotency-key'] as string | undefined;
    this.requests.push({ method, path: url.pathname, idempotencyKey, form });

    const send = (status: number, body: unknown, replayed = false) => {
      if (response.destroyed) return;
      response.writeHead(status, {
        'content-type': 'application/json',
        'request-id': `req_${Math.random().toString(36).slice(2)}`,
        ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
      });
      response.end(JSON.stringify(wire(body)));
    };
    if (request.headers.authorization !== `Bearer ${this.secretKey}`) {
      send(
        401,
        new FakeStripeError(401, 'invalid_request_error', 'Invalid API Key provided.').body(),
      );
      return;
    }
    const stallIndex = this.stalls.findIndex((s) => s.method === method && s.path === url.pathname);
    const stall = stallIndex >= 0 ? this.stalls.splice(stallIndex, 1)[0] : undefined;
    if (stall?.mode === 'before') {
      stall.arrive();
      await stall.released;
      // The caller is gone: for Stripe this request never arrived.
      if (request.socket.destroyed) return;
    }
    const failureIndex = this.failures.findIndex(
      (f) => f.method === method && f.path === url.pathname,
    );
    const failure = failureIndex >= 0 ? this.failures.splice(failureIndex, 1)[0] : undefined;
    if (failure !== undefined) {
      if (failure.processed) {
        this.answer(method, url, form, idempotencyKey);
      } else if (failure.error.status < 500 && idempotencyKey !== undefined) {
        this.answers.set(idempotencyKey, {
          fingerprint: this.fingerprint(method, url, form),
          status: failure.error.status,
          body: failure.error.body(),
          at: this.now().getTime(),
        });
      }
      send(failure.error.status, failure.error.body());
      return;
    }
    const answer = this.answer(method, url, form, idempotencyKey);
    if (stall?.mode === 'after') {
      stall.arrive();
      await stall.released;
    }
    send(answer.status, answer.body, answer.replayed);
  }

  private fingerprint(method: string, url: URL, form: Record<string, FormValue>): string {
    return createHash('sha256')
      .update(`${method} ${url.pathname} ${JSON.stringify(form)}`)
      .digest('hex');
  }

  private answer(
    method: string,
    url: URL,
    form: Record<string, FormValue>,
    idempotencyKey: string | undefined,
  ): { status: number; body: unknown; replayed: boolean } {
    const fingerprint = this.fingerprint(method, url, form);
    if (method === 'POST' && idempotencyKey !== undefined) {
      const stored = this.answers.get(idempotencyKey);
      if (stored !== undefined && this.now().getTime() - stored.at >= IDEMPOTENCY_KEY_LIFETIME_MS) {
        this.answers.delete(idempotencyKey);
      } else if (stored !== undefined) {
        if (stored.fingerprint !== fingerprint) {
          const error = new FakeStripeError(
            400,
            'idempotency_error',
            `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          );
          return { status: 400, body: error.body(), replayed: false };
        }
        return { status: stored.status, body: stored.body, replayed: true };
      }
    }
    let status = 200;
    let body: unknown;
    try {
      body = this.route(method, url, form);
    } catch (error) {
      if (!(error instanceof FakeStripeError)) throw error;
      status = error.status;
      body = error.body();
    }
    // Stripe stores the first answer of a key, errors included (except 5xx).
    if (method === 'POST' && idempotencyKey !== undefined && status < 500) {
      this.answers.set(idempotencyKey, {
        fingerprint,
        status,
        body: wire(body),
        at: this.now().getTime(),
      });
    }
    return { status, body, replayed: false };
  }

  private route(method: string, url: URL, form: Record<string, FormValue>): unknown {
    const path = url.pathname;
    const state = this.state;
    const tail = (prefix: string) => decodeURIComponent(path.slice(prefix.length));
    if (method === 'POST' && path === '/v1/checkout/sessions') return state.createSession(form);
    if (method === 'GET' && path.startsWith('/v1/checkout/sessions/')) {
      return state.session(tail('/v1/checkout/sessions/'));
    }
    if (method === 'GET' && path.startsWith('/v1/payment_intents/')) {
      return state.intent(tail('/v1/payment_intents/'));
    }
    if (method === 'GET' && path.startsWith('/v1/charges/'))
      return state.charge(tail('/v1/charges/'));
    if (method === 'POST' && path === '/v1/refunds') return state.createRefund(form);
    if (method === 'GET' && path === '/v1/refunds') {
      return {
        object: 'list',
        data: state.listRefunds(url.searchParams),
        has_more: false,
        url: '/v1/refunds',
      };
    }
    if (method === 'POST' && path === '/v1/transfers') return state.createTransfer(form);
    if (method === 'GET' && path === '/v1/transfers') {
      const page = state.listTransfers(form);
      return { object: 'list', ...page, url: '/v1/transfers' };
    }
    if (method === 'GET' && path.startsWith('/v1/transfers/')) {
      return state.transfer(tail('/v1/transfers/'));
    }
    throw new FakeStripeError(
      404,
      'invalid_request_error',
      `Unrecognized request URL (${method}: ${path}).`,
    );
  }
}

/** Starts a {@link FakeStripe} on a random local port. */
export function startFakeStripe(options: FakeStripeOptions = {}): Promise<FakeStripe> {
  return new FakeStripe(options).start();
}
