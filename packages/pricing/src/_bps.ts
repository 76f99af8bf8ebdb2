// Basis points: integer hundredths of a percent, the only way a rate exists in this package.

import { assertBigint } from './_assert';
import { PricingError } from './errors';

/** Basis points in 100 %. */
export const BPS_PER_UNIT = 10_000n;

/** Checks a basis-point value is a bigint in `[0, 10000]` (0 % to 100 %). */
export function assertBps(name: string, value: unknown): bigint {
  assertBigint(name, value);
  if (value < 0n || value > BPS_PER_UNIT) {
    throw new PricingError(
      'INVALID_BPS',
      `"${name}" must be between 0 and 10000 basis points (0 % to 100 %), got ${value}`,
    );
  }
  return value;
}
