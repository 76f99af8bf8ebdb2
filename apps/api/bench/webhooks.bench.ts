import { createWalletTopUp } from '@dc/client';
import type Stripe from 'stripe';
import { bench, describe } from 'vitest';
import { STRIPE_WEBHOOK_PATH } from '../src/routes/payments/stripe-webhook';
import { startFakeStripe } from '../test/support/fake-stripe';
import { type BenchAccount, inParallel, startBenchWorld } from './support/bench-world';
import { ms, percentile } from './support/stats';

/**
 * Stripe webhook events processed per second on PostgreSQL: one API server process (as
 * deployed: info logs, default pool), the fake Stripe in this process. EVENTS wallet top-ups
 * are started through the API and paid at the fake; then their `checkout.session.completed`
 * events are delivered CONCURRENCY at a time, each signed when sent. Each one is verified
 * (HMAC, 300 s tolerance), de-duplicated and applied in one transaction: the processed_events
 * row, the wallet balance and ledger row (kind topup), the payment row and the receipt outbox
 * row. Then every event is delivered again: the duplicate path (signature + one indexed read).
 *
 * `cd apps/api && pnpm exec vitest bench --run bench/webhooks.bench.ts`
 */

const EVENTS = 1_000;
const ACCOUNTS = 20;
const CONCURRENCY = 16;

const stripe = await startFakeStripe();
const world = await startBenchWorld({ ...stripe.env(), DC_LOG_LEVEL: 'info' });
const url = world.server.url + STRIPE_WEBHOOK_PATH;

const setupStarted = performance.now();
const accounts = await inParallel(Array.from({ length: ACCOUNTS }), 8, () => world.account());
const events = await inParallel(Array.from({ length: EVENTS }), CONCURRENCY, async (_, index) => {
  const account = accounts[index % ACCOUNTS] as BenchAccount;
  const checkout = await createWalletTopUp(account.client, {
    body: { currency: 'USD', amount: 1_000 + index, idempotency_key: `bench-topup-${index}` },
  });
  const sessionId = checkout.checkout_url.split('/').at(-1) ?? '';
  return stripe.complete(sessionId).event;
});
console.log(
  `Set up ${ACCOUNTS} accounts and ${EVENTS} paid top-ups in ${Math.round(performance.now() - setupStarted)} ms`,
);

interface Round {
  readonly label: string;
  readonly seconds: number;
  readonly latencies: number[];
  readonly results: Map<string, number>;
}
const rounds: Round[] = [];

async function deliverAll(label: string, list: readonly Stripe.Event[]): Promise<void> {
  const latencies: number[] = [];
  const results = new Map<string, number>();
  const started = performance.now();
  await inParallel(list, CONCURRENCY, async (event) => {
    const payload = JSON.stringify(event);
    const sent = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': stripe.sign(payload) },
      body: payload,
    });
    const body = (await response.json()) as { result?: string };
    latencies.push(performance.now() - sent);
    const result = `${response.status} ${body.result ?? ''}`;
    results.set(result, (results.get(result) ?? 0) + 1);
  });
  rounds.push({ label, seconds: (performance.now() - started) / 1000, latencies, results });
}

async function report(): Promise<void> {
  const pg = await import('pg');
  const client = new pg.default.Client({ connectionString: world.databaseUrl });
  await client.connect();
  const ledger = await client.query<{ n: string }>(
    "SELECT count(*) AS n FROM wallet_ledger WHERE kind = 'topup'",
  );
  const processed = await client.query<{ n: string }>('SELECT count(*) AS n FROM processed_events');
  await client.end();
  console.log(
    `\nStripe webhooks on PostgreSQL, 1 server process, ${EVENTS} checkout.session.completed ` +
      `events (top-ups), ${CONCURRENCY} concurrent deliveries; ledger topup rows afterwards: ` +
      `${ledger.rows[0]?.n}, processed_events rows: ${processed.rows[0]?.n}`,
  );
  console.table(
    rounds.map((round) => ({
      round: round.label,
      events: round.latencies.length,
      'events/s': Math.round(round.latencies.length / round.seconds),
      'p50 ms': ms(percentile(round.latencies, 50)),
      'p99 ms': ms(percentile(round.latencies, 99)),
      answers: [...round.results].map(([result, count]) => `${result} x${count}`).join(', '),
    })),
  );
}

describe('Stripe webhooks on PostgreSQL', () => {
  bench(
    `${EVENTS} events, then the same ${EVENTS} again (duplicates)`,
    async () => {
      await deliverAll('new events (verify + de-dup + ledger write)', events);
      await deliverAll('duplicate deliveries (verify + de-dup)', events);
      await report();
    },
    {
      iterations: 1,
      time: 0,
      warmupIterations: 0,
      warmupTime: 0,
      teardown: async (_task, mode) => {
        if (mode !== 'run') return;
        await world.stop();
        await stripe.stop();
      },
    },
  );
});
