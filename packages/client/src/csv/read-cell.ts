import { decodeCell } from './cell';
import type { OfferingCsvColumnSpec } from './columns';

/** A cell read as a field value, left out (the field's default applies), or refused. */
export type CellReading =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'default' }
  | { readonly kind: 'error'; readonly message: string };

const PREVIEW_LENGTH = 40;
const WHOLE_NUMBER = /^-?[0-9]+$/;

/** The cell as a user would recognise it in a message, cut short when long. */
function quoted(text: string): string {
  const preview = text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH)}…` : text;
  return `'${preview}'`;
}

const error = (message: string): CellReading => ({ kind: 'error', message });
const value = (parsed: unknown): CellReading => ({ kind: 'value', value: parsed });

function readInteger(text: string, money: boolean): CellReading {
  const trimmed = text.trim();
  const what = money ? 'an integer number of minor units' : 'a whole number';
  if (!WHOLE_NUMBER.test(trimmed)) {
    const hint =
      money && /^-?[0-9]*[.,][0-9]+$/.test(trimmed) ? ' (e.g. cents: 12.50 USD is 1250)' : '';
    return error(`${quoted(text)} is not ${what}${hint}`);
  }
  const parsed = Number(trimmed);
  // Beyond 2^53 a number silently changes value; refuse instead of storing another one.
  if (!Number.isSafeInteger(parsed)) return error(`${quoted(text)} is too large`);
  return value(parsed);
}

function readBoolean(text: string): CellReading {
  const lower = text.trim().toLowerCase();
  if (lower === 'true') return value(true);
  if (lower === 'false') return value(false);
  return error(`${quoted(text)} is not a boolean; write true or false`);
}

// PostgreSQL text and jsonb cannot store NUL, so a cell holding one could only end in a failed
// write; refusing it here names the cell instead.
const NUL_MESSAGE = 'contains a NUL character, which no field can hold';

/** Whether a parsed JSON value holds a NUL in a key or string (JSON can escape one as `\u0000`). */
function holdsNul(json: unknown): boolean {
  if (typeof json === 'string') return json.includes('\u0000');
  if (Array.isArray(json)) return json.some(holdsNul);
  if (typeof json === 'object' && json !== null) {
    return Object.entries(json).some(([key, entry]) => key.includes('\u0000') || holdsNul(entry));
  }
  return false;
}

function readJson(text: string, example: string): CellReading | { parsed: unknown } {
  try {
    const parsed: unknown = JSON.parse(text);
    return holdsNul(parsed) ? error(NUL_MESSAGE) : { parsed };
  } catch (cause) {
    const reason = cause instanceof Error ? `: ${cause.message}` : '';
    return error(`${quoted(text)} is not valid JSON${reason}; write e.g. ${example}`);
  }
}

function readJsonObject(text: string): CellReading {
  const example = '{"location":"fsn1"}';
  const json = readJson(text, example);
  if (!('parsed' in json)) return json;
  const { parsed } = json;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return error(`${quoted(text)} is not a JSON object; write e.g. ${example} or {}`);
  }
  return value(parsed);
}

function readStringList(text: string): CellReading {
  const example = '["ubuntu-24.04","debian-12"]';
  const json = readJson(text, example);
  if (!('parsed' in json)) return json;
  const { parsed } = json;
  if (!Array.isArray(parsed) || !parsed.every((entry) => typeof entry === 'string')) {
    return error(`${quoted(text)} is not a JSON array of strings; write e.g. ${example} or []`);
  }
  return value(parsed);
}

/**
 * Reads one cell as the value of its field. Only the cell's form is checked here (a number is
 * digits, a list is a JSON array); the field's rules are the schema's. An empty cell is `null`
 * in a nullable column, the default where the field has one, and an error where it has neither:
 * a value is never invented or silently dropped.
 */
export function readCell(spec: OfferingCsvColumnSpec, cell: string): CellReading {
  if (cell.includes('\u0000')) {
    return error(NUL_MESSAGE);
  }
  const text = decodeCell(cell);
  if (text === null) {
    if (spec.nullable) return value(null);
    return spec.required ? error('is required but the cell is empty') : { kind: 'default' };
  }
  switch (spec.kind) {
    case 'text':
      return value(text);
    case 'token':
      return value(text.trim());
    case 'integer':
      return readInteger(text, false);
    case 'money':
      return readInteger(text, true);
    case 'boolean':
      return readBoolean(text);
    case 'json_object':
      return readJsonObject(text);
    case 'string_list':
      return readStringList(text);
  }
}
