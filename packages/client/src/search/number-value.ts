import { compare, type Decimal, parseDecimal } from './_decimal';
import { fail, show } from './_fail';
import type { NumberFieldSpec } from './fields';
import type { RawValue } from './raw';
import {
  familyOfUnit,
  isScaledFamily,
  type SearchUnitFamily,
  toCanonical,
  unitNames,
} from './units';

/** A number read for a field: exact, in the field's canonical unit. */
export interface NumberValue {
  readonly value: Decimal;
  /** The currency code written after a price (`20EUR`), upper case. */
  readonly currency: string | undefined;
}

// Digits, an optional fraction, then whatever letters or `%` follow as the unit.
const NUMBER = /^(-?[0-9]+(?:\.[0-9]+)?)([A-Za-z%]*)$/;

// 30 digits is far beyond any real bound and keeps the exact arithmetic small.
const MAX_DIGITS = 30;

const EXAMPLES: Readonly<Record<SearchUnitFamily, string>> = {
  memory: '>=16GB',
  storage: '>=500GB',
  bandwidth: '>=1Gbps',
  price: '<=20 or price:<=20EUR',
  percent: '>=99.9',
  none: '>=8',
};

function readUnit(
  field: string,
  spec: NumberFieldSpec,
  amount: Decimal,
  unit: string,
  position: number,
): NumberValue {
  const family = spec.unit;
  if (isScaledFamily(family)) {
    const scaled = toCanonical(family, amount, unit);
    if (scaled.ok) return { value: scaled.value, currency: undefined };
    const units = unitNames(family).join(', ');
    const what =
      scaled.reason === 'missing'
        ? `"${field}" needs a unit`
        : `"${field}" does not take the unit ${show(unit)}`;
    const hint = `write e.g. ${field}:${EXAMPLES[family]} (units: ${units}; GB means GiB)`;
    throw fail('invalid_unit', position, what, { field, hint });
  }
  if (unit === '') return { value: amount, currency: undefined };
  if (family === 'percent' && unit === '%') return { value: amount, currency: undefined };
  if (family === 'price' && /^[A-Za-z]{3}$/.test(unit) && familyOfUnit(unit) === undefined) {
    return { value: amount, currency: unit.toUpperCase() };
  }
  const hint =
    family === 'price'
      ? 'a price takes only an ISO 4217 currency code, e.g. price:<=20EUR'
      : `write e.g. ${field}:${EXAMPLES[family]}`;
  throw fail('invalid_unit', position, `"${field}" does not take the unit ${show(unit)}`, {
    field,
    hint,
  });
}

function checkBounds(field: string, spec: NumberFieldSpec, value: Decimal, raw: RawValue): void {
  const min = spec.min === undefined ? undefined : (parseDecimal(spec.min) as Decimal);
  const max = spec.max === undefined ? undefined : (parseDecimal(spec.max) as Decimal);
  const below = min !== undefined && compare(value, min) < 0;
  const above = max !== undefined && compare(value, max) > 0;
  if (!below && !above) return;
  const what =
    max === undefined
      ? `"${field}" cannot be negative, got ${show(raw.text)}`
      : `"${field}" must be between ${spec.min} and ${spec.max}, got ${show(raw.text)}`;
  throw fail('invalid_value', raw.position, what, { field });
}

/**
 * Reads `raw` as a number for the numeric field `field`: digits with an optional fraction and
 * the unit its family allows, converted exactly to the canonical unit and checked against the
 * field's bounds.
 *
 * @throws SearchQueryError `invalid_value` (not a number, out of bounds), `invalid_unit`.
 */
export function readNumber(field: string, spec: NumberFieldSpec, raw: RawValue): NumberValue {
  const match = NUMBER.exec(raw.text);
  if (match === null) {
    throw fail(
      'invalid_value',
      raw.position,
      `"${field}" expects a number, got ${show(raw.text)}`,
      {
        field,
        hint: `write e.g. ${field}:${EXAMPLES[spec.unit]}`,
      },
    );
  }
  const [, digits = '', unit = ''] = match;
  if (digits.replace(/[-.]/g, '').length > MAX_DIGITS) {
    throw fail('invalid_value', raw.position, `"${field}" number ${show(digits)} is too long`, {
      field,
      hint: `at most ${MAX_DIGITS} digits`,
    });
  }
  const amount = parseDecimal(digits) as Decimal;
  const unitPosition = raw.quoted ? raw.position : raw.position + digits.length;
  const read = readUnit(field, spec, amount, unit, unitPosition);
  checkBounds(field, spec, read.value, raw);
  return read;
}
