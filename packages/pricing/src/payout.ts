import { bigMax } from './_bigint';
import { formatMoney } from './decimal';
import { PricingError } from './errors';
import { assertMoney, type Money, money } from './money';

/** A provider's position in one currency (sum it over their contracts before calling). */
export interface PayoutParameters {
  /** Earned so far ({@link settlement}'s `earned`, summed), >= 0. */
  readonly earned: Money;
  /** Already paid out, >= 0. */
  readonly paidOut: Money;
  /** Held back (reserve, open disputes), >= 0. */
  readonly held: Money;
}

function check(params: PayoutParameters): { earned: Money; paidOut: Money; held: Money } {
  const earned = assertMoney('earned', params.earned);
  const paidOut = assertMoney('paidOut', params.paidOut);
  const held = assertMoney('held', params.held);
  for (const [name, value] of [
    ['earned', earned],
    ['paidOut', paidOut],
    ['held', held],
  ] as const) {
    if (value.currency !== earned.currency) {
      throw new PricingError(
        'CURRENCY_MISMATCH',
        `"${name}" is in ${value.currency} but "earned" is in ${earned.currency}; payouts are batched per currency`,
      );
    }
    if (value.amount < 0n) {
      throw new PricingError(
        'NEGATIVE_NOT_ALLOWED',
        `"${name}" must be >= 0, got ${value.currency} ${formatMoney(value)}`,
      );
    }
  }
  return { earned, paidOut, held };
}

/**
 * What can be paid out now: `earned - paidOut - held`, or ZERO when that is negative. A payout
 * is a transfer and can never be negative; money the provider owes back is a separate,
 * explicit amount ({@link owed}), never netted silently into a future payout by a sign.
 * No rounding (but see `roundDownForStripe(payable, 'payout')` for HUF and TWD).
 */
export function payable(params: PayoutParameters): Money {
  const { earned, paidOut, held } = check(params);
  const net = earned.amount - paidOut.amount - held.amount;
  return money(bigMax(0n, net), earned.currency);
}

/**
 * What the provider owes back (clawback): `max(0, paidOut - earned)`, which happens when
 * earnings shrink after a payout (an admin refund, a lost dispute). `held` never creates a
 * debt: it only delays money already earned.
 */
export function owed(params: PayoutParameters): Money {
  const { earned, paidOut } = check(params);
  const debt = paidOut.amount - earned.amount;
  return money(bigMax(0n, debt), earned.currency);
}
