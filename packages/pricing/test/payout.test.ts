import { describe, expect, it } from 'vitest';
import { money, owed, payable } from '../src/index';
import { pricingError } from './expect-error';

const eur = (amount: bigint) => money(amount, 'EUR');

describe('payable and owed', () => {
  it('payable is earned - paidOut - held', () => {
    expect(payable({ earned: eur(1000n), paidOut: eur(300n), held: eur(200n) })).toEqual(eur(500n));
    expect(owed({ earned: eur(1000n), paidOut: eur(300n), held: eur(200n) })).toEqual(eur(0n));
  });

  it('a hold larger than the balance gives zero payable and no debt', () => {
    expect(payable({ earned: eur(100n), paidOut: eur(80n), held: eur(50n) })).toEqual(eur(0n));
    expect(owed({ earned: eur(100n), paidOut: eur(80n), held: eur(50n) })).toEqual(eur(0n));
  });

  it('when earnings shrink below what was paid out, payable is zero and the debt is explicit', () => {
    const position = { earned: eur(100n), paidOut: eur(120n), held: eur(10n) };
    expect(payable(position)).toEqual(eur(0n));
    expect(owed(position)).toEqual(eur(20n));
  });

  it('refuses mixed currencies and negative inputs', () => {
    const error = pricingError(() =>
      payable({ earned: eur(1n), paidOut: money(0n, 'USD'), held: eur(0n) }),
    );
    expect(error.code).toBe('CURRENCY_MISMATCH');
    expect(error.message).toContain('"paidOut" is in USD but "earned" is in EUR');
    expect(
      pricingError(() => payable({ earned: eur(1n), paidOut: eur(0n), held: eur(-1n) })).code,
    ).toBe('NEGATIVE_NOT_ALLOWED');
  });
});
