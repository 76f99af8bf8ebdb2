import { createHash } from 'node:crypto';
import { printSearchQuery, type SearchQuery, type SearchSort } from '@dc/client';
import { HttpProblem } from '../http/problem';
import type { SearchSortKey } from './order';

/**
 * A `cursor` that is not one this server issued for the same search: not base64url JSON of the
 * right shape, altered (checksum mismatch), or issued for another query or sort. A 400 with
 * code `invalid_cursor`; the caller starts again without a cursor.
 */
export class InvalidSearchCursorError extends HttpProblem {
  override name = 'InvalidSearchCursorError';

  constructor(detail: string) {
    super(400, 'invalid_cursor', `Invalid cursor: ${detail}. Repeat the search without a cursor.`);
  }
}

const VERSION = 1;
// Real cursors are ~150 characters; anything much longer is not ours and not worth decoding.
const MAX_CURSOR_LENGTH = 1_024;
const NUMERIC = /^(-?[0-9]+(\.[0-9]+)?|NaN|-?Infinity)$/;
const TIMESTAMP = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function digest(text: string): string {
  return createHash('sha256').update(text).digest().subarray(0, 9).toString('base64url');
}

/**
 * Identifies one search (its canonical query text and its sort), so a cursor from one search
 * is refused by another: reusing a cursor after changing a filter would silently skip rows.
 */
export function searchFingerprint(query: SearchQuery, sort: SearchSort | undefined): string {
  return digest(`${sort ?? 'default'}\n${printSearchQuery(query)}`);
}

/**
 * The cursor after a row: base64url JSON of the search fingerprint and the row's sort key
 * values (exact text, `null` for NULL), then `.` and a checksum over that JSON.
 *
 * The checksum catches corruption and edits; it is not a secret signature, and needs none: a
 * forged but well-formed cursor only moves the page start within results the caller may query
 * anyway, and every value in it is validated and bound as a parameter.
 */
export function encodeSearchCursor(fingerprint: string, key: readonly (string | null)[]): string {
  const payload = JSON.stringify({ v: VERSION, f: fingerprint, k: key });
  return `${Buffer.from(payload).toString('base64url')}.${digest(payload)}`;
}

function validTimestamp(text: string): boolean {
  // The shape alone would let 2025-13-45 through, which the cast in SQL would reject.
  const millis = `${text.slice(0, 23)}Z`;
  const date = new Date(millis);
  return !Number.isNaN(date.getTime()) && date.toISOString() === millis;
}

function validValue(key: SearchSortKey, value: unknown): boolean {
  if (value === null) return key.nullable;
  if (typeof value !== 'string') return false;
  if (key.type === 'numeric') return NUMERIC.test(value) && value.length <= 80;
  if (key.type === 'uuid') return UUID.test(value);
  return TIMESTAMP.test(value) && validTimestamp(value);
}

/**
 * Reads a cursor from {@link encodeSearchCursor} back into sort key values, checking that it
 * belongs to this search (`fingerprint`) and that every value fits its key.
 *
 * @throws InvalidSearchCursorError (HTTP 400 `invalid_cursor`) for anything else.
 */
export function decodeSearchCursor(
  cursor: string,
  fingerprint: string,
  keys: readonly SearchSortKey[],
): (string | null)[] {
  if (cursor.length > MAX_CURSOR_LENGTH) throw new InvalidSearchCursorError('it is too long');
  const [body = '', checksum, ...rest] = cursor.split('.');
  if (checksum === undefined || rest.length > 0 || !/^[A-Za-z0-9_-]+$/.test(body)) {
    throw new InvalidSearchCursorError('it is not a cursor this API issued');
  }
  const payload = Buffer.from(body, 'base64url').toString('utf8');
  if (digest(payload) !== checksum) {
    throw new InvalidSearchCursorError('it was altered or truncated');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    throw new InvalidSearchCursorError('it is not a cursor this API issued');
  }
  const { v, f, k } = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as {
    v?: unknown;
    f?: unknown;
    k?: unknown;
  };
  if (v !== VERSION || typeof f !== 'string' || !Array.isArray(k)) {
    throw new InvalidSearchCursorError('it is not a cursor this API issued');
  }
  if (f !== fingerprint) {
    throw new InvalidSearchCursorError('it belongs to a search with another query or sort');
  }
  if (k.length !== keys.length || !keys.every((key, index) => validValue(key, k[index]))) {
    throw new InvalidSearchCursorError('its position values do not fit this sort');
  }
  return k as (string | null)[];
}
