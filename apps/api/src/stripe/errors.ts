import Stripe from 'stripe';
import { RailError } from '../payments/rail';

/**
 * A Stripe failure as a {@link RailError}: network trouble, rate limits, lock conflicts and
 * Stripe's own 5xx may succeed on a retry with the same idempotency key; a request Stripe
 * refused (invalid, unauthorised, a declined card) will not.
 */
export function railErrorFrom(error: unknown, what: string): RailError {
  if (error instanceof Stripe.errors.StripeError) {
    const status = error.statusCode ?? 0;
    const retryable =
      error instanceof Stripe.errors.StripeConnectionError ||
      error instanceof Stripe.errors.StripeAPIError ||
      error instanceof Stripe.errors.StripeRateLimitError ||
      status === 409 ||
      status === 429 ||
      status >= 500;
    const code = error.code === undefined ? '' : ` (${error.code})`;
    return new RailError(`Stripe ${what} failed${code}: ${error.message}`, retryable, {
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new RailError(`Stripe ${what} failed: ${message}`, true, { cause: error });
}
