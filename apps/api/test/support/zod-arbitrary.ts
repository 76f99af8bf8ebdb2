import fc from 'fast-check';
import type { z } from 'zod';

/**
 * Strings worth trying in any text field: values the fixtures made real (ids, usernames, keys),
 * codes that pass refinements (countries, currencies), and the usual troublemakers for a
 * database (NUL, SQL quotes, very long, non-ASCII, look-alike numbers).
 */
export function interestingStrings(known: readonly string[]): fc.Arbitrary<string> {
  return fc.constantFrom(
    ...known,
    'US',
    'DE',
    'USD',
    'EUR',
    'hetzner',
    'europe',
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    "' OR 1=1 --",
    '"; DROP TABLE accounts; --',
    '%',
    '%00',
    '\\',
    '../../etc/passwd',
    '😀'.repeat(40),
    'é'.repeat(300),
    'x'.repeat(5000),
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '9'.repeat(40),
    '-1',
    '1e308',
    'NaN',
    'true',
    'null',
  );
}

type Def = {
  type: string;
  checks?: { _zod: { def: Record<string, unknown> } }[];
  [key: string]: unknown;
};

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The checks of a schema as plain objects (`{ check: 'min_length', minimum: 1 }`, ...). */
function checksOf(def: Def): Record<string, unknown>[] {
  return (def.checks ?? []).map((check) => check._zod.def);
}

function bounds(def: Def): { min?: number; max?: number; int: boolean } {
  let min: number | undefined;
  let max: number | undefined;
  let int = false;
  for (const check of checksOf(def)) {
    const value = check['value'];
    if (check['check'] === 'greater_than' && typeof value === 'number') {
      min = Math.max(min ?? -Infinity, check['inclusive'] ? value : value + Number.EPSILON);
    }
    if (check['check'] === 'less_than' && typeof value === 'number') {
      max = Math.min(max ?? Infinity, check['inclusive'] ? value : value - Number.EPSILON);
    }
    if (check['check'] === 'number_format' && String(check['format']).includes('int')) int = true;
    if (check['check'] === 'min_length') min = Number(check['minimum']);
    if (check['check'] === 'max_length') max = Number(check['maximum']);
    if (check['check'] === 'length_equals') min = max = Number(check['length']);
  }
  return { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }), int };
}

function stringArbitrary(def: Def, strings: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const { min = 0, max = 200 } = bounds(def);
  const patterns = [def, ...checksOf(def)]
    .map((entry) => entry['pattern'])
    .filter((pattern): pattern is RegExp => pattern instanceof RegExp);
  const format = def['format'];
  const shaped: fc.Arbitrary<string>[] = patterns.map((pattern) =>
    fc.stringMatching(pattern).filter((text) => text.length <= Math.max(max, 1)),
  );
  if (format === 'uuid') shaped.push(fc.uuid());
  if (format === 'email') shaped.push(fc.emailAddress());
  if (format === 'url') shaped.push(fc.webUrl());
  if (format === 'datetime') {
    shaped.push(fc.date({ noInvalidDate: true }).map((date) => date.toISOString()));
  }
  const free = fc.string({
    minLength: min,
    maxLength: Math.min(max, Math.max(min, 64)),
    unit: 'binary',
  });
  return fc.oneof(
    { weight: 3, arbitrary: shaped.length > 0 ? fc.oneof(...shaped) : free },
    { weight: 1, arbitrary: free },
    { weight: 1, arbitrary: strings },
  );
}

function numberArbitrary(def: Def): fc.Arbitrary<number> {
  const { min, max, int } = bounds(def);
  const edges = [min, max, 0, -1, 2 ** 31, 2 ** 53, -(2 ** 31)].filter(
    (value): value is number => value !== undefined && Number.isFinite(value),
  );
  const inRange = int
    ? fc.integer({
        min: Math.max(min ?? Number.MIN_SAFE_INTEGER, Number.MIN_SAFE_INTEGER),
        max: Math.min(max ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
      })
    : fc.double({
        noNaN: true,
        noDefaultInfinity: true,
        ...(min === undefined ? {} : { min }),
        ...(max === undefined ? {} : { max }),
      });
  return fc.oneof(
    { weight: 4, arbitrary: inRange },
    { weight: 1, arbitrary: fc.constantFrom(...edges) },
  );
}

/**
 * Values shaped by a zod schema: mostly ones the schema accepts (so handlers run, not just the
 * validator), often at the edges of its bounds, with `strings` mixed into every text field.
 * Refinements are not modelled; `strings` carries values that pass the common ones.
 */
export function arbitraryFromSchema(
  schema: z.ZodType,
  strings: fc.Arbitrary<string>,
): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const inner = (key: string) => arbitraryFromSchema(def[key] as z.ZodType, strings);
  switch (def.type) {
    case 'object': {
      const shape = def['shape'] as Record<string, z.ZodType>;
      const optional = (field: z.ZodType) =>
        ['optional', 'default', 'prefault'].includes(defOf(field).type);
      const model = Object.fromEntries(
        Object.entries(shape).map(([key, field]) => [key, arbitraryFromSchema(field, strings)]),
      );
      const requiredKeys = Object.keys(shape).filter((key) => !optional(shape[key] as z.ZodType));
      return fc.record(model, { requiredKeys }).map((record) =>
        // An optional field generated as undefined is the same as leaving it out.
        Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)),
      );
    }
    case 'string':
      return stringArbitrary(def, strings);
    case 'number':
      return numberArbitrary(def);
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(def['entries'] as Record<string, string>));
    case 'literal':
      return fc.constantFrom(...(def['values'] as unknown[]));
    case 'array': {
      const { min = 0, max = 5 } = bounds(def);
      return fc.array(inner('element'), {
        minLength: min,
        maxLength: Math.min(max, Math.max(min, 5)),
      });
    }
    case 'optional':
      return fc.option(inner('innerType'), { nil: undefined, freq: 4 });
    case 'nullable':
      return fc.option(inner('innerType'), { nil: null, freq: 4 });
    case 'default':
    case 'prefault':
      return fc.option(inner('innerType'), { nil: undefined, freq: 4 });
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return inner('innerType');
    case 'pipe':
      return inner('in');
    case 'union':
      return fc.oneof(
        ...(def['options'] as z.ZodType[]).map((option) => arbitraryFromSchema(option, strings)),
      );
    case 'record':
      return fc.dictionary(stringArbitrary({ type: 'string' }, strings), fc.jsonValue(), {
        maxKeys: 4,
      });
    case 'lazy':
      return arbitraryFromSchema((def['getter'] as () => z.ZodType)(), strings);
    case 'null':
      return fc.constant(null);
    case 'void':
    case 'undefined':
      return fc.constant(undefined);
    default:
      return fc.jsonValue();
  }
}

/** A JSON value with one thing wrong: a field replaced, removed or added, or the whole value. */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      valid,
      fc.nat(),
      fc.jsonValue(),
      fc.string(),
      fc.constantFrom('replace', 'remove', 'add'),
    )
    .map(([value, pick, replacement, newKey, how]) => {
      const copy = structuredClone(value) as unknown;
      const objects: Record<string, unknown>[] = [];
      const collect = (node: unknown) => {
        if (node && typeof node === 'object') {
          if (!Array.isArray(node)) objects.push(node as Record<string, unknown>);
          for (const child of Object.values(node)) collect(child);
        }
      };
      collect(copy);
      const target = objects[pick % Math.max(objects.length, 1)];
      if (!target) return replacement;
      const keys = Object.keys(target);
      const key = keys[pick % Math.max(keys.length, 1)];
      if (how === 'add' || key === undefined) target[newKey || 'unexpected'] = replacement;
      else if (how === 'remove') delete target[key];
      else target[key] = replacement;
      return copy;
    });
}
