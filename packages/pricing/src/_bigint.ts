// Math.min and Math.max throw on bigint, so the package carries its own.

/** The smaller of two bigints. */
export function bigMin(a: bigint, b: bigint): bigint {
  if (a < b) return a;
  return b;
}

/** The larger of two bigints. */
export function bigMax(a: bigint, b: bigint): bigint {
  if (a > b) return a;
  return b;
}
