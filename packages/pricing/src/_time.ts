// The one place an instant crosses between `Date` and an integer. Everything between the two
// conversions works in bigint milliseconds since the epoch, so no duration is ever a float.

/** Milliseconds in one hour. */
export const MILLIS_PER_HOUR = 3_600_000n;

// ECMAScript dates span +-8.64e15 ms around the epoch; every integer in that range is exact in
// a double (it is below 2^53), so the conversion back to `Date` below never rounds.
const MAX_DATE_MILLIS = 8_640_000_000_000_000n;

/** Milliseconds since the epoch of a valid `Date`, as a bigint. TypeError otherwise. */
export function instantMillis(name: string, value: unknown): bigint {
  if (!(value instanceof Date)) {
    throw new TypeError(`"${name}" must be a Date, got ${value === null ? 'null' : typeof value}`);
  }
  try {
    return BigInt(value.getTime());
  } catch {
    // BigInt(NaN) throws: an Invalid Date has no instant to bill against.
    throw new TypeError(`"${name}" is an Invalid Date`);
  }
}

/** The `Date` for a bigint instant; RangeError outside the span a `Date` can hold. */
export function dateFromMillis(millis: bigint): Date {
  if (millis > MAX_DATE_MILLIS || millis < -MAX_DATE_MILLIS) {
    throw new RangeError(`instant ${millis} ms is outside the range of a Date`);
  }
  // The single sanctioned bigint -> double conversion in src/ (exact, see MAX_DATE_MILLIS);
  // test/no-floats.test.ts allows exactly this line and nothing else.
  return new Date(Number(millis));
}
