import { compare, formatDecimal } from './_decimal';
import { fail, show } from './_fail';
import type { NumberTest, SearchClause } from './ast';
import type {
  BooleanFieldName,
  EnumFieldName,
  EnumFieldSpec,
  NumberFieldName,
  NumberFieldSpec,
  SearchFieldName,
  SearchFieldSpec,
  TextFieldName,
} from './fields';
import { type NumberValue, readNumber } from './number-value';
import type { RawExpression, RawValue } from './raw';

const BOOLEANS: Readonly<Record<string, boolean>> = {
  true: true,
  yes: true,
  false: false,
  no: false,
};

function valuesOf(expression: RawExpression): readonly RawValue[] {
  switch (expression.form) {
    case 'single':
      return [expression.value];
    case 'list':
      return expression.values;
    default:
      return [];
  }
}

// Text and enum fields match values, so they take one value or an OR list, nothing else.
function equalityValues(
  field: string,
  kind: string,
  expression: RawExpression,
): readonly RawValue[] {
  if (expression.form === 'range' || expression.form === 'compare') {
    const what = expression.form === 'range' ? 'a [a TO b] range' : `"${expression.op}"`;
    throw fail(
      'unsupported_operator',
      expression.position,
      `${kind} field "${field}" does not take ${what}`,
      {
        field,
        hint: `write ${field}:value or ${field}:(a OR b)`,
      },
    );
  }
  return valuesOf(expression);
}

function textValue(field: string, raw: RawValue): string {
  if (raw.text === '') {
    throw fail('invalid_value', raw.position, `empty value for "${field}"`, { field });
  }
  return raw.text;
}

function enumValue(field: string, spec: EnumFieldSpec, raw: RawValue): string {
  if ('values' in spec) {
    const value = raw.text.toLowerCase();
    if (spec.values.includes(value)) return value;
    throw fail('invalid_value', raw.position, `"${field}" has no value ${show(raw.text)}`, {
      field,
      hint: `allowed: ${spec.values.join(', ')}`,
    });
  }
  if (new RegExp(`^[A-Za-z]{${spec.codeLength}}$`).test(raw.text)) return raw.text.toUpperCase();
  const standard = spec.codeLength === 2 ? 'ISO 3166-1 alpha-2 country' : 'ISO 4217 currency';
  throw fail(
    'invalid_value',
    raw.position,
    `"${field}" expects a ${spec.codeLength}-letter ${standard} code, got ${show(raw.text)}`,
    { field, hint: spec.codeLength === 2 ? 'e.g. country:DE' : 'e.g. currency:EUR' },
  );
}

function booleanValue(field: string, expression: RawExpression): boolean {
  if (expression.form !== 'single') {
    throw fail(
      'unsupported_operator',
      expression.position,
      `yes/no field "${field}" takes one value`,
      {
        field,
        hint: `write ${field}:true or ${field}:false`,
      },
    );
  }
  const raw = expression.value;
  const value = BOOLEANS[raw.text.toLowerCase()];
  if (value !== undefined) return value;
  throw fail(
    'invalid_value',
    raw.position,
    `"${field}" expects true or false, got ${show(raw.text)}`,
    {
      field,
    },
  );
}

// One clause has at most one currency: `price:[10 TO 20EUR]` means EUR for both ends, and
// `price:(10USD OR 20EUR)` is refused rather than guessed at.
function oneCurrency(
  field: string,
  values: readonly NumberValue[],
  raws: readonly RawValue[],
): string | undefined {
  let currency: string | undefined;
  values.forEach((value, index) => {
    if (value.currency === undefined) return;
    if (currency !== undefined && currency !== value.currency) {
      const raw = raws[index] as RawValue;
      throw fail(
        'invalid_value',
        raw.position,
        `"${field}" mixes currencies ${currency} and ${value.currency}`,
        {
          field,
          hint: 'use one currency per clause, e.g. price:[10EUR TO 20EUR]',
        },
      );
    }
    currency = value.currency;
  });
  return currency;
}

function numberClause(
  field: NumberFieldName,
  spec: NumberFieldSpec,
  negated: boolean,
  expression: RawExpression,
): SearchClause {
  const raws =
    expression.form === 'range'
      ? [expression.min, expression.max]
      : expression.form === 'compare'
        ? [expression.value]
        : valuesOf(expression);
  const values = raws.map((raw) => readNumber(field, spec, raw));
  const currency = oneCurrency(field, values, raws);
  const text = values.map((v) => formatDecimal(v.value));
  let test: NumberTest;
  if (expression.form === 'range') {
    const [low, high] = values as [NumberValue, NumberValue];
    if (compare(low.value, high.value) > 0) {
      throw fail('invalid_value', expression.position, `"${field}" range starts above its end`, {
        field,
        hint: `write the smaller value first, e.g. ${field}:[${expression.max.text} TO ${expression.min.text}]`,
      });
    }
    test = { op: 'range', min: text[0] as string, max: text[1] as string };
  } else if (expression.form === 'compare') {
    test = { op: expression.op, value: text[0] as string };
  } else {
    test = { op: 'eq', values: text };
  }
  const clause = { kind: 'number', field, negated, test } as const;
  return currency === undefined ? clause : { ...clause, currency };
}

/**
 * Gives a parsed value expression its meaning for `field`: normalises enum values, reads numbers
 * with units, and refuses an operator the field's kind has no use for.
 *
 * @throws SearchQueryError `invalid_value`, `invalid_unit`, `unsupported_operator`.
 */
export function buildClause(
  field: SearchFieldName,
  spec: SearchFieldSpec,
  negated: boolean,
  expression: RawExpression,
): SearchClause {
  switch (spec.kind) {
    case 'text': {
      const values = equalityValues(field, 'text', expression).map((raw) => textValue(field, raw));
      return { kind: 'text', field: field as TextFieldName, negated, values };
    }
    case 'enum': {
      const raws = equalityValues(field, 'enum', expression);
      const values = raws.map((raw) => enumValue(field, spec, raw));
      return { kind: 'enum', field: field as EnumFieldName, negated, values };
    }
    case 'boolean':
      return {
        kind: 'boolean',
        field: field as BooleanFieldName,
        negated,
        value: booleanValue(field, expression),
      };
    case 'number':
      return numberClause(field as NumberFieldName, spec, negated, expression);
  }
}
