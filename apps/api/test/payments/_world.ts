import { createWalletTopUp, getWallet, listWalletLedger } from '@dc/client';
import type Stripe from 'stripe';
import { STRIPE_WEBHOOK_PATH } from '../../src/routes/payments/stripe-webhook';
import { type ContractWorld, contractWorld, key } from '../contracts/_http';
import { until } from '../mail/smtp-sink';
import type { TestAccount } from '../offerings/_support';
import { type FakeStripe, startFakeStripe } from '../support/fake-stripe';
import type { Engine } from '../support/server';

/** A contract world whose server uses a fake Stripe on the same test clock. */
export interface PaymentWorld extends ContractWorld {
  readonly stripe: FakeStripe;
  /** Delivers a Stripe event to the server's webhook, signed like Stripe would. */
  deliver(
    event: Stripe.Event,
    options?: { secret?: string; timestamp?: Date },
  ): Promise<{ status: number; body: Record<string, unknown> }>;
}

/** Starts the fake Stripe and a server pointed at it. */
export async function paymentWorld(
  env: Record<string, string> = {},
  options: { readonly engine?: Engine } = {},
): Promise<PaymentWorld> {
  let world: ContractWorld | undefined;
  const stripe = await startFakeStripe({
    now: () => world?.clock.now() ?? new Date('2026-03-01T09:00:00Z'),
  });
  try {
    world = await contractWorld({ ...stripe.env(), ...env }, options);
  } catch (error) {
    await stripe.stop();
    throw error;
  }
  const started = world;
  return {
    ...started,
    stripe,
    deliver: (event, deliverOptions) =>
      stripe.deliver(started.server.url + STRIPE_WEBHOOK_PATH, event, deliverOptions),
    async stop() {
      await started.stop();
      await stripe.stop();
    },
  };
}

/**
 * Polls `probe` until it returns something other than undefined, for at most `withinMs` of
 * wall-clock time (a budget for a loaded CI machine, not an assertion of speed): `until` of
 * the mail tests, with the probe first.
 */
export function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  withinMs = 30_000,
): Promise<T> {
  return until(what, probe, withinMs);
}

/** The session id inside a checkout URL of the fake. */
export function sessionIdOf(checkoutUrl: string): string {
  const id = checkoutUrl.split('/').at(-1);
  if (id === undefined || !id.startsWith('cs_'))
    throw new Error(`not a checkout URL: ${checkoutUrl}`);
  return id;
}

/** A started top-up of `amount` minor units. */
export async function startTopUp(account: TestAccount, amount: number, currency = 'USD') {
  const checkout = await createWalletTopUp(account.client, {
    body: { currency, amount, idempotency_key: key('topup') },
  });
  return { ...checkout, sessionId: sessionIdOf(checkout.checkout_url) };
}

/** `account`'s balance in `currency`, minor units. */
export async function balanceOf(account: TestAccount, currency = 'USD'): Promise<number> {
  const wallet = await getWallet(account.client, {});
  return wallet.balances.find((b) => b.currency === currency)?.balance ?? 0;
}

/** `account`'s ledger entries of one kind (newest first, first page). */
export async function ledgerOf(account: TestAccount, kind: string) {
  const page = await listWalletLedger(account.client, { limit: 100 });
  return page.items.filter((entry) => entry.kind === kind);
}
