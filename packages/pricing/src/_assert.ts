// Internal argument checks shared by every module. A wrong JS type is a TypeError (a bug in the
// caller); a right type with a wrong value is a PricingError (see errors.ts).

function describe(value: unknown): string {
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`;
  if (typeof value === 'bigint') return `bigint ${value}n`;
  if (value === null) return 'null';
  return typeof value;
}

/** Throws a TypeError unless `value` is a bigint. */
export function assertBigint(name: string, value: unknown): asserts value is bigint {
  if (typeof value !== 'bigint') {
    throw new TypeError(`"${name}" must be a bigint, got ${describe(value)}`);
  }
}

/** Throws a TypeError unless `value` is a string. */
export function assertString(name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string') {
    throw new TypeError(`"${name}" must be a string, got ${describe(value)}`);
  }
}

/** Throws a TypeError unless `value` is a boolean. */
export function assertBoolean(name: string, value: unknown): asserts value is boolean {
  if (typeof value !== 'boolean') {
    throw new TypeError(`"${name}" must be a boolean, got ${describe(value)}`);
  }
}

/** Throws a TypeError unless `value` is an array. */
export function assertArray(name: string, value: unknown): asserts value is readonly unknown[] {
  if (!Array.isArray(value)) {
    throw new TypeError(`"${name}" must be an array, got ${describe(value)}`);
  }
}
