import { describe, expect, it } from 'vitest';
import { CURRENCIES, currencyExponent, isCurrency } from '../src/index';
import { pricingError } from './expect-error';

// Stripe's presentment currencies (https://docs.stripe.com/currencies), as listed there and
// in Stripe's SDKs; every one must have an exponent here.
const STRIPE_PRESENTMENT = `
  usd aed afn all amd ang aoa ars aud awg azn bam bbd bdt bgn bhd bif bmd bnd bob brl bsd btn
  bwp byn bzd cad cdf chf clp cny cop crc cve czk djf dkk dop dzd egp etb eur fjd fkp gbp gel
  gip gmd gnf gtq gyd hkd hnl htg huf idr ils inr isk jmd jod jpy kes kgs khr kmf krw kwd kyd
  kzt lak lbp lkr lrd lsl mad mdl mga mkd mmk mnt mop mro mur mvr mwk mxn myr mzn nad ngn nio
  nok npr nzd omr pab pen pgk php pkr pln pyg qar ron rsd rub rwf sar sbd scr sek sgd shp sle
  sll sos srd std svc szl thb tjs tnd top try ttd twd tzs uah ugx uyu uzs vnd vuv wst xaf xcd
  xcg xof xpf yer zar zmw`
  .trim()
  .split(/\s+/);

describe('CURRENCIES (ISO 4217 exponents)', () => {
  it('covers every Stripe presentment currency', () => {
    expect(STRIPE_PRESENTMENT.length).toBeGreaterThanOrEqual(135);
    const missing = STRIPE_PRESENTMENT.map((c) => c.toUpperCase()).filter((c) => !isCurrency(c));
    expect(missing).toEqual([]);
  });

  it('has the zero-decimal currencies at 0', () => {
    for (const code of ['JPY', 'KRW', 'VND', 'CLP', 'ISK', 'UGX', 'XAF', 'XOF', 'PYG', 'BIF']) {
      expect([code, currencyExponent(code)]).toEqual([code, 0]);
    }
  });

  it('has the three-decimal currencies at 3', () => {
    for (const code of ['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']) {
      expect([code, currencyExponent(code)]).toEqual([code, 3]);
    }
  });

  it('has USD, EUR, HUF, TWD, MGA at 2 and CLF at 4', () => {
    expect(['USD', 'EUR', 'HUF', 'TWD', 'MGA'].map(currencyExponent)).toEqual([2, 2, 2, 2, 2]);
    expect(currencyExponent('CLF')).toBe(4);
  });

  it('lists exactly these non-two-decimal currencies', () => {
    const odd = Object.entries(CURRENCIES)
      .filter(([, e]) => e !== 2)
      .map(([c, e]) => `${c}:${e}`)
      .sort();
    expect(odd).toEqual(
      [
        'BHD:3',
        'BIF:0',
        'CLF:4',
        'CLP:0',
        'DJF:0',
        'GNF:0',
        'IQD:3',
        'ISK:0',
        'JOD:3',
        'JPY:0',
        'KMF:0',
        'KRW:0',
        'KWD:3',
        'LYD:3',
        'OMR:3',
        'PYG:0',
        'RWF:0',
        'TND:3',
        'UGX:0',
        'UYI:0',
        'UYW:4',
        'VND:0',
        'VUV:0',
        'XAF:0',
        'XOF:0',
        'XPF:0',
      ].sort(),
    );
  });

  it('only has upper-case three-letter keys and is frozen', () => {
    for (const code of Object.keys(CURRENCIES)) expect(code).toMatch(/^[A-Z]{3}$/);
    expect(Object.isFrozen(CURRENCIES)).toBe(true);
  });

  it('throws UNKNOWN_CURRENCY for an unknown code', () => {
    expect(pricingError(() => currencyExponent('ABC')).code).toBe('UNKNOWN_CURRENCY');
    // Gold has no minor unit and is not money a renter can pay in.
    expect(pricingError(() => currencyExponent('XAU')).code).toBe('UNKNOWN_CURRENCY');
    expect(isCurrency('usd')).toBe(false);
    expect(isCurrency('toString')).toBe(false);
  });
});
