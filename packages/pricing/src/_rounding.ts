// Integer division with an explicit rounding rule. Every division in a money path goes through
// one of these two, so the rounding rule of any amount can be found by searching for its name.
//
// Both are defined for a non-negative numerator and a positive divisor only, and throw a
// RangeError otherwise: a negative here means a caller forgot a sign check, and rounding a
// negative "half up" is ambiguous (towards +inf or away from zero?). Callers that need signed
// rounding (VAT on a credit note) take the absolute value and put the sign back themselves.

function check(n: bigint, d: bigint): void {
  if (n < 0n) throw new RangeError(`internal: numerator must be >= 0, got ${n}`);
  if (d <= 0n) throw new RangeError(`internal: divisor must be > 0, got ${d}`);
}

/** `n / d` rounded half up (a remainder of exactly half goes up), for `n >= 0`, `d > 0`. */
export function divHalfUp(n: bigint, d: bigint): bigint {
  check(n, d);
  // floor((2n + d) / 2d) == floor(n/d + 1/2), exact for odd divisors too.
  return (2n * n + d) / (2n * d);
}

/** `n / d` rounded down (towards zero, which is floor for `n >= 0`), for `n >= 0`, `d > 0`. */
export function divFloor(n: bigint, d: bigint): bigint {
  check(n, d);
  return n / d;
}
