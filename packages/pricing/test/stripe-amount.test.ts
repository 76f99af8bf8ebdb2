import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fromStripeAmount,
  money,
  roundDownForStripe,
  stripeExponent,
  stripeGranularity,
  toStripeAmount,
  toStripeCurrency,
} from '../src/index';
import { pricingError } from './expect-error';

describe('toStripeAmount / fromStripeAmount (docs.stripe.com/currencies)', () => {
  it('two-decimal currencies pass minor units through (USD 10.00 -> 1000)', () => {
    expect(toStripeAmount(money(1000n, 'USD'))).toBe(1000n);
    expect(fromStripeAmount(1099n, 'usd')).toEqual(money(1099n, 'USD'));
  });

  it('zero-decimal currencies are not multiplied (JPY 500 -> 500, never 50000)', () => {
    expect(toStripeAmount(money(500n, 'JPY'))).toBe(500n);
    expect(toStripeAmount(money(10n, 'KRW'))).toBe(10n);
    expect(fromStripeAmount(500n, 'jpy')).toEqual(money(500n, 'JPY'));
  });

  it('three-decimal currencies need a last digit of 0 (KWD 5.124 must be 5.120 or 5.130)', () => {
    expect(toStripeAmount(money(5120n, 'KWD'))).toBe(5120n);
    const error = pricingError(() => toStripeAmount(money(5124n, 'KWD')));
    expect(error.code).toBe('STRIPE_AMOUNT_NOT_REPRESENTABLE');
    expect(error.message).toBe(
      'toStripeAmount: KWD 5.124 cannot be sent as a Stripe charge amount: Stripe requires KWD ' +
        'amounts to end in 0; use a multiple of 10 minor units such as 5.120 (see roundDownForStripe)',
    );
    for (const code of ['BHD', 'JOD', 'OMR', 'TND']) {
      expect(pricingError(() => toStripeAmount(money(1n, code))).code).toBe(
        'STRIPE_AMOUNT_NOT_REPRESENTABLE',
      );
    }
    expect(roundDownForStripe(money(5124n, 'KWD'))).toEqual(money(5120n, 'KWD'));
  });

  it('ISK is sent with two decimals that are always 00 (ISK 5 -> 500)', () => {
    expect(stripeExponent('ISK')).toBe(2);
    expect(toStripeAmount(money(5n, 'ISK'))).toBe(500n);
    expect(fromStripeAmount(500n, 'isk')).toEqual(money(5n, 'ISK'));
    const error = pricingError(() => fromStripeAmount(550n, 'isk'));
    expect(error.code).toBe('STRIPE_AMOUNT_NOT_REPRESENTABLE');
    expect(error.message).toContain('"amount" 550 is not a whole number of ISK');
  });

  it('UGX follows the same special case despite being on the zero-decimal list (UGX 5 -> 500)', () => {
    expect(toStripeAmount(money(5n, 'UGX'))).toBe(500n);
    expect(fromStripeAmount(1500n, 'ugx')).toEqual(money(15n, 'UGX'));
    expect(pricingError(() => fromStripeAmount(1550n, 'ugx')).code).toBe(
      'STRIPE_AMOUNT_NOT_REPRESENTABLE',
    );
  });

  it('HUF and TWD charge with two decimals but pay out whole units only', () => {
    expect(toStripeAmount(money(1045n, 'HUF'))).toBe(1045n);
    expect(toStripeAmount(money(1000n, 'HUF'), 'payout')).toBe(1000n);
    const error = pricingError(() => toStripeAmount(money(1045n, 'HUF'), 'payout'));
    expect(error.code).toBe('STRIPE_AMOUNT_NOT_REPRESENTABLE');
    expect(error.message).toContain('Stripe only pays out whole HUF');
    expect(roundDownForStripe(money(1045n, 'HUF'), 'payout')).toEqual(money(1000n, 'HUF'));
    expect(roundDownForStripe(money(80045n, 'TWD'), 'payout')).toEqual(money(80000n, 'TWD'));
    expect(toStripeAmount(money(80045n, 'TWD'))).toBe(80045n);
    // Other currencies have no payout restriction.
    expect(toStripeAmount(money(1045n, 'EUR'), 'payout')).toBe(1045n);
  });

  it('MGA is zero-decimal at Stripe but two-decimal in ISO 4217', () => {
    expect(stripeExponent('MGA')).toBe(0);
    expect(toStripeAmount(money(500n, 'MGA'))).toBe(5n);
    expect(fromStripeAmount(5n, 'mga')).toEqual(money(500n, 'MGA'));
    expect(pricingError(() => toStripeAmount(money(550n, 'MGA'))).code).toBe(
      'STRIPE_AMOUNT_NOT_REPRESENTABLE',
    );
  });

  it('refuses negative amounts going to Stripe, accepts them coming back', () => {
    expect(pricingError(() => toStripeAmount(money(-1n, 'USD'))).code).toBe('NEGATIVE_NOT_ALLOWED');
    expect(fromStripeAmount(-250n, 'usd')).toEqual(money(-250n, 'USD'));
  });

  it('granularity in minor units per currency and purpose', () => {
    expect(stripeGranularity('USD')).toBe(1n);
    expect(stripeGranularity('KWD')).toBe(10n);
    expect(stripeGranularity('ISK')).toBe(1n);
    expect(stripeGranularity('MGA')).toBe(100n);
    expect(stripeGranularity('HUF')).toBe(1n);
    expect(stripeGranularity('HUF', 'payout')).toBe(100n);
  });

  it('lower-cases currency codes for the API and rejects unknown ones coming back', () => {
    expect(toStripeCurrency('EUR')).toBe('eur');
    expect(pricingError(() => fromStripeAmount(1n, 'xyz')).code).toBe('UNKNOWN_CURRENCY');
  });

  it('round-trips every sendable amount (fast sample; the slow suite covers every currency)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('USD', 'JPY', 'KWD', 'ISK', 'UGX', 'HUF', 'MGA', 'BHD'),
        fc.constantFrom('charge' as const, 'payout' as const),
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        (currency, purpose, raw) => {
          const m = roundDownForStripe(money(raw, currency), purpose);
          expect(m.amount <= raw).toBe(true);
          expect(raw - m.amount < stripeGranularity(currency, purpose)).toBe(true);
          const sent = toStripeAmount(m, purpose);
          expect(fromStripeAmount(sent, currency.toLowerCase())).toEqual(m);
        },
      ),
    );
  });
});
