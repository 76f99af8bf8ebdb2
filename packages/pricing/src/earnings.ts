import { assertBps, BPS_PER_UNIT } from './_bps';
import { divHalfUp } from './_rounding';
import { type Money, money } from './money';
import { assertRefunded, type ProratedRefundParameters, proratedRefund } from './refund';
import { paidTotal } from './segment';

/** Parameters of {@link settlement}. */
export interface SettlementParameters extends ProratedRefundParameters {
  /** Platform fee in basis points of consumed value, 0..10000 (default platform setting 0). */
  readonly feeBps: bigint;
}

/** Where every minor unit of a contract's payment stands at one instant. */
export interface Settlement {
  /** Total paid for the segments. */
  readonly paid: Money;
  /** Already refunded (as passed in). */
  readonly refunded: Money;
  /** What a cancellation now would refund ({@link proratedRefund}, rounded DOWN). */
  readonly refundable: Money;
  /** Value of the time used: `paid - refunded - refundable`. */
  readonly consumed: Money;
  /** Platform's share: `consumed * feeBps / 10000`, rounded HALF UP. */
  readonly platformFee: Money;
  /** Provider's share: `consumed - platformFee`. */
  readonly earned: Money;
}

/**
 * Splits a contract's payment at `now` into refunded, refundable, platform fee and provider
 * earnings. Every part except the fee is derived by subtraction, so
 * `earned + platformFee + refundable + refunded == paid` holds EXACTLY at every instant
 * (conservation), whatever the rounding. Consumed and earned are non-decreasing in `now`.
 *
 * Rounding: refundable DOWN per segment (see {@link proratedRefund}); fee HALF UP.
 */
export function settlement(params: SettlementParameters): Settlement {
  const feeBps = assertBps('feeBps', params.feeBps);
  const paid = paidTotal(params.segments);
  const refunded = assertRefunded(params.refunded, paid);
  const refundable = proratedRefund(params);
  const consumed = paid.amount - refunded.amount - refundable.amount;
  const fee = divHalfUp(consumed * feeBps, BPS_PER_UNIT);
  const currency = paid.currency;
  return Object.freeze({
    paid,
    refunded,
    refundable,
    consumed: money(consumed, currency),
    platformFee: money(fee, currency),
    earned: money(consumed - fee, currency),
  });
}
