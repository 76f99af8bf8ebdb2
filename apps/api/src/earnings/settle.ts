import {
  type Money,
  min,
  type Segment,
  type Settlement,
  settlement,
  subtract,
  sum,
  type TermClock,
} from '@dc/pricing';

/** What a contract's earnings are computed from. */
export interface EarningsInput {
  /** Paid time in purchase order (the contract's segments). */
  readonly segments: readonly Segment[];
  /** The one-off setup fee: part of what was paid, in no segment (0005_setup_fee). */
  readonly setupFee: Money;
  readonly clock: TermClock;
  /** Everything refunded on the contract so far. */
  readonly refunded: Money;
  readonly now: Date;
  /** Platform fee in basis points of consumed value. */
  readonly feeBps: bigint;
  /** The payer's bank took the money back (a lost dispute): nothing is earned from it. */
  readonly chargedBack: boolean;
}

/** Where every minor unit of a contract stands: `earned + platformFee + lost + refundable + refunded == paid`. */
export interface ContractEarnings {
  readonly paid: bigint;
  readonly refunded: bigint;
  readonly refundable: bigint;
  readonly consumed: bigint;
  readonly platformFee: bigint;
  readonly earned: bigint;
  /** Consumed value a chargeback took back: neither the provider's nor the platform's. */
  readonly lost: bigint;
}

const HOUR_MS = 3_600_000;
/** Any fixed instant: the setup fee's one-hour "term" is over one hour after it. */
const SETUP_EPOCH = new Date(0);

/**
 * A contract's earnings at `now`, computed only with `@dc/pricing`'s `settlement`, so the
 * rounding (refund DOWN, fee HALF UP) and conservation are the package's.
 *
 * The paid time is settled as it is: its segments, the term clock and the refunds. The setup
 * fee is part of `paid` but of no segment; it belongs to the provider once the server is
 * delivered (a cancellation never refunds it pro rata). It is settled as a separate one-hour
 * segment whose term is wholly used once the contract is delivered and unused before, with the
 * same fee rate. Refunds count against paid time first (every refund the platform computes is
 * of unused time), and only the part above all paid time against the setup fee (an admin's or
 * the card dashboard's full refund).
 */
export function contractEarnings(input: EarningsInput): ContractEarnings {
  const currency = input.setupFee.currency;
  const timePaid = sum(
    input.segments.map((segment) => segment.amount),
    currency,
  );
  const refundedTime = min(input.refunded, timePaid);
  const refundedSetup = subtract(input.refunded, refundedTime);
  const parts: Settlement[] = [];
  if (input.segments.length > 0) {
    parts.push(
      settlement({
        segments: input.segments,
        clock: input.clock,
        now: input.now,
        refunded: refundedTime,
        feeBps: input.feeBps,
      }),
    );
  }
  if (input.setupFee.amount > 0n || refundedSetup.amount > 0n) {
    const delivered = input.clock.start !== null;
    parts.push(
      settlement({
        segments: [{ hours: 1n, amount: input.setupFee }],
        clock: {
          start: delivered ? SETUP_EPOCH : null,
          pausedMillis: 0n,
          pausedSince: null,
          endedAt: null,
        },
        now: new Date(SETUP_EPOCH.getTime() + HOUR_MS),
        refunded: refundedSetup,
        feeBps: input.feeBps,
      }),
    );
  }
  const total = (pick: (part: Settlement) => Money) => sum(parts.map(pick), currency).amount;
  const consumed = total((part) => part.consumed);
  const chargedBack = input.chargedBack;
  return {
    paid: total((part) => part.paid),
    refunded: total((part) => part.refunded),
    refundable: total((part) => part.refundable),
    consumed,
    platformFee: chargedBack ? 0n : total((part) => part.platformFee),
    earned: chargedBack ? 0n : total((part) => part.earned),
    lost: chargedBack ? consumed : 0n,
  };
}
