import type { Config } from '../../config';
import { HttpProblem } from '../../http/problem';
import { createStripeClient } from '../../stripe/client';
import { manualPayoutRail } from './manual';
import type { PayoutRail, PayoutRailName } from './rail';
import { StripeConnectPayoutRail } from './stripe-connect';

const stripeRails = new WeakMap<Config, StripeConnectPayoutRail>();

/** Whether this server can use `rail` (Stripe Connect needs STRIPE_SECRET_KEY). */
export function payoutRailAvailable(config: Config, rail: PayoutRailName): boolean {
  return rail === 'manual' || config.STRIPE_SECRET_KEY !== undefined;
}

/**
 * The rail named `rail`, or a 409 naming `field` and the missing setting when this server
 * cannot use it.
 */
export function payoutRail(config: Config, rail: PayoutRailName, field: string): PayoutRail {
  if (rail === 'manual') return manualPayoutRail;
  const key = config.STRIPE_SECRET_KEY;
  if (key === undefined) {
    throw new HttpProblem(
      409,
      'payout_rail_not_configured',
      `${field}: Stripe Connect payouts are not available on this server (STRIPE_SECRET_KEY is not set); use the manual rail.`,
      {
        errors: [{ path: field, message: 'stripe_connect needs STRIPE_SECRET_KEY on the server' }],
      },
    );
  }
  let stripe = stripeRails.get(config);
  if (stripe === undefined) {
    stripe = new StripeConnectPayoutRail(
      createStripeClient({
        secretKey: key,
        apiUrl: config.STRIPE_API_URL,
        timeoutMs: config.STRIPE_TIMEOUT_MS,
      }),
    );
    stripeRails.set(config, stripe);
  }
  return stripe;
}
