import { expect } from 'vitest';
import { PricingError } from '../src/index';

/** Runs `fn`, asserts it throws a PricingError, and returns its code and message. */
export function pricingError(fn: () => unknown): { code: string; message: string } {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'expected a PricingError to be thrown').toBeInstanceOf(PricingError);
  const error = thrown as PricingError;
  return { code: error.code, message: error.message };
}
