import { add, compare, computeVat, min, money, subtract } from '@dc/pricing';
import type { ContractRow } from './row';

/** The contract columns the VAT of its amounts depends on. */
export type VatBasis = Pick<
  ContractRow,
  'currency' | 'vat_rate_bps' | 'paid' | 'refunded' | 'vat_paid' | 'vat_refunded'
>;

/** A refund split into what leaves `refunded` (net) and `vat_refunded` (VAT). */
export interface RefundParts {
  readonly net: bigint;
  readonly vat: bigint;
}

/**
 * VAT on a net amount the renter pays (a segment, the setup fee) at the contract's snapshot
 * rate, by `computeVat` of `@dc/pricing`: `round_half_up(net * bps / 10000)`.
 */
export function vatOn(contract: Pick<ContractRow, 'currency' | 'vat_rate_bps'>, net: bigint) {
  return computeVat(money(net, contract.currency), BigInt(contract.vat_rate_bps)).vat.amount;
}

/**
 * The VAT given back with a net refund of `net`: `computeVat` at the snapshot rate, never more
 * than the VAT not yet refunded; a refund of everything still refundable returns exactly the VAT
 * not yet refunded, so per-refund rounding never leaves VAT behind or refunds it twice.
 */
export function refundVat(contract: VatBasis, net: bigint): bigint {
  const c = contract.currency;
  const leftNet = subtract(money(contract.paid, c), money(contract.refunded, c));
  const leftVat = subtract(money(contract.vat_paid, c), money(contract.vat_refunded, c));
  if (compare(money(net, c), leftNet) >= 0) return leftVat.amount;
  return min(computeVat(money(net, c), BigInt(contract.vat_rate_bps)).vat, leftVat).amount;
}

/** `net` plus its refund VAT (see {@link refundVat}). */
export function refundOfNet(contract: VatBasis, net: bigint): RefundParts {
  return { net, vat: refundVat(contract, net) };
}

/**
 * Splits money given back (`gross`: a refund made in the Stripe dashboard, or a card refund
 * rounded down to what Stripe can send) into net and VAT, the inverse of {@link refundOfNet}:
 * the largest net whose refund with its VAT fits in `gross`, the rest (at most the rounding
 * step of the VAT) being VAT, so `net + vat == gross` exactly. A gross above everything still
 * refundable keeps its excess in `net`, which the payment machine then refuses.
 */
export function refundOfGross(contract: VatBasis, gross: bigint): RefundParts {
  const c = contract.currency;
  const left = refundOfNet(contract, contract.paid - contract.refunded);
  const whole = add(money(left.net, c), money(left.vat, c));
  if (compare(money(gross, c), whole) >= 0) return { net: gross - left.vat, vat: left.vat };
  // Net plus its VAT grows strictly with net, so a binary search finds the largest that fits.
  let low = 0n;
  let high = gross;
  while (low < high) {
    const mid = (low + high + 1n) / 2n;
    const parts = refundOfNet(contract, mid);
    if (compare(add(money(mid, c), money(parts.vat, c)), money(gross, c)) <= 0) low = mid;
    else high = mid - 1n;
  }
  return { net: low, vat: subtract(money(gross, c), money(low, c)).amount };
}
