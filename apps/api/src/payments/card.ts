import type { Config } from '../config';
import { HttpProblem } from '../http/problem';
import { StripeCardRail } from '../stripe/card-rail';

const rails = new WeakMap<Config, StripeCardRail>();

/** The card rail of this server, or null when STRIPE_SECRET_KEY is not set. */
export function cardRailOrNull(config: Config): StripeCardRail | null {
  if (config.STRIPE_SECRET_KEY === undefined || config.STRIPE_WEBHOOK_SECRET === undefined) {
    return null;
  }
  let rail = rails.get(config);
  if (rail === undefined) {
    rail = new StripeCardRail({
      secretKey: config.STRIPE_SECRET_KEY,
      webhookSecret: config.STRIPE_WEBHOOK_SECRET,
      apiUrl: config.STRIPE_API_URL,
      timeoutMs: config.STRIPE_TIMEOUT_MS,
    });
    rails.set(config, rail);
  }
  return rail;
}

/** 409 naming the setting: card payments need STRIPE_SECRET_KEY on the server. */
export function cardRailNotConfigured(field: string): HttpProblem {
  return new HttpProblem(
    409,
    'card_rail_not_configured',
    `${field}: card payments are not available on this server (STRIPE_SECRET_KEY is not set); pay from the wallet instead.`,
    { errors: [{ path: field, message: 'card payments need STRIPE_SECRET_KEY on the server' }] },
  );
}

/** The card rail, or the 409 of {@link cardRailNotConfigured} for `field`. */
export function cardRail(config: Config, field: string): StripeCardRail {
  const rail = cardRailOrNull(config);
  if (rail === null) throw cardRailNotConfigured(field);
  return rail;
}

/** Where the payer returns after the hosted page: the caller's choice or the public URL. */
export function returnUrls(
  config: Config,
  paymentId: string,
  chosen: { readonly success_url?: string | undefined; readonly cancel_url?: string | undefined },
): { readonly success: string; readonly cancel: string } {
  const base = (
    config.DC_PUBLIC_URL ?? `http://${config.DC_API_HOST}:${config.DC_API_PORT}`
  ).replace(/\/$/, '');
  return {
    success: chosen.success_url ?? `${base}/checkout/${paymentId}/success`,
    cancel: chosen.cancel_url ?? `${base}/checkout/${paymentId}/cancelled`,
  };
}
