// Exact decimal arithmetic for query numbers. Unit conversions (1.1TB -> 1153433.6 MiB) must
// not pick up binary floating-point noise, or the printed query would differ from the typed
// one and a bound like `price:<=19.99` could shift by one ulp. Every factor we use is a power
// of 2 or 10, whose reciprocal also has a finite decimal expansion, so all results are exact.

/** `units / 10^scale`. */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

const DECIMAL = /^(-?)([0-9]+)(?:\.([0-9]+))?$/;

/** Parses `-?digits(.digits)?`; anything else (exponents, `+`, `.5`) is `undefined`. */
export function parseDecimal(text: string): Decimal | undefined {
  const match = DECIMAL.exec(text);
  if (match === null) return undefined;
  const [, sign = '', whole = '0', fraction = ''] = match;
  const units = BigInt(whole + fraction);
  return { units: sign === '-' ? -units : units, scale: fraction.length };
}

/** `a * b`, exact. */
export function multiply(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

function align(a: Decimal, b: Decimal): [bigint, bigint] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale)];
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function compare(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const [x, y] = align(a, b);
  if (x < y) return -1;
  return x > y ? 1 : 0;
}

/** Whether `a` has no fractional part. */
export function isInteger(a: Decimal): boolean {
  return a.units % 10n ** BigInt(a.scale) === 0n;
}

/**
 * The one canonical spelling: no leading zeros, no trailing fraction zeros, no `-0`. Two
 * equal values always format to the same string, which is what makes ASTs comparable.
 */
export function formatDecimal(a: Decimal): string {
  let { units, scale } = a;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? `.${digits.slice(digits.length - scale)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}
