// Cursors: opaque, bound to one search, and refused with a 400 when bad, altered or foreign.

import { createHash } from 'node:crypto';
import { parseSearchQuery } from '@dc/client';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HttpProblem } from '../../src/http/problem';
import {
  decodeSearchCursor,
  encodeSearchCursor,
  InvalidSearchCursorError,
  searchFingerprint,
  searchSortKeys,
} from '../../src/search/index';

const ID = '0b5c2a3e-1f2d-4c3b-a4e5-0123456789ab';
const DEFAULT_KEYS = searchSortKeys(undefined);
const NEWEST_KEYS = searchSortKeys('newest');
const fingerprint = searchFingerprint(parseSearchQuery('type:gpu'), undefined);

function refusal(
  cursor: string,
  keys = DEFAULT_KEYS,
  print = fingerprint,
): InvalidSearchCursorError {
  let thrown: unknown;
  try {
    decodeSearchCursor(cursor, print, keys);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InvalidSearchCursorError);
  const error = thrown as InvalidSearchCursorError;
  expect(error).toBeInstanceOf(HttpProblem);
  expect(error.status).toBe(400);
  expect(error.code).toBe('invalid_cursor');
  return error;
}

/**
 * A cursor with a valid checksum around any payload, as anyone who read the code could make:
 * the checksum is the first 9 bytes of SHA-256 of the JSON, so only validation stands between
 * a forged payload and the database.
 */
function forge(payload: unknown): string {
  const json = JSON.stringify(payload);
  const checksum = createHash('sha256').update(json).digest().subarray(0, 9).toString('base64url');
  return `${Buffer.from(json).toString('base64url')}.${checksum}`;
}

describe('encodeSearchCursor / decodeSearchCursor', () => {
  it('round-trips sort key values, NULLs included', () => {
    const key = ['70.5', null, '9.99', ID];
    const cursor = encodeSearchCursor(fingerprint, key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(decodeSearchCursor(cursor, fingerprint, DEFAULT_KEYS)).toStrictEqual(key);
  });

  it('round-trips microsecond timestamps', () => {
    const print = searchFingerprint(parseSearchQuery(''), 'newest');
    const key = ['2025-01-01T10:00:00.123456Z', ID];
    expect(decodeSearchCursor(encodeSearchCursor(print, key), print, NEWEST_KEYS)).toStrictEqual(
      key,
    );
  });

  it('refuses text that is not a cursor', () => {
    for (const cursor of ['', 'nope', '....', 'a.b.c', '%%%.x', 'eyJ2IjoxfQ']) {
      refusal(cursor);
    }
  });

  it('refuses an altered or truncated cursor', () => {
    const cursor = encodeSearchCursor(fingerprint, ['70', '99.9', '20', ID]);
    const [body = '', checksum = ''] = cursor.split('.');
    const flipped = `${body.slice(0, 10)}${body[10] === 'A' ? 'B' : 'A'}${body.slice(11)}`;
    expect(refusal(`${flipped}.${checksum}`).message).toContain('altered');
    expect(refusal(`${body.slice(0, -4)}.${checksum}`).message).toContain('altered');
    expect(refusal(`${body}.${checksum.slice(1)}`).message).toContain('altered');
  });

  it("refuses another search's cursor: other query or other sort", () => {
    const cursor = encodeSearchCursor(fingerprint, ['70', '99.9', '20', ID]);
    const otherQuery = searchFingerprint(parseSearchQuery('type:compute'), undefined);
    const otherSort = searchFingerprint(parseSearchQuery('type:gpu'), 'trust');
    expect(refusal(cursor, DEFAULT_KEYS, otherQuery).message).toContain('another query or sort');
    expect(refusal(cursor, DEFAULT_KEYS, otherSort).message).toContain('another query or sort');
    // The same search written differently is the same search.
    const same = searchFingerprint(parseSearchQuery('TYPE:(GPU)'), undefined);
    expect(decodeSearchCursor(cursor, same, DEFAULT_KEYS)).toHaveLength(4);
  });

  it.each([
    ['wrong version', { v: 2, f: fingerprint, k: ['70', null, '1', ID] }, 'not a cursor'],
    ['no keys', { v: 1, f: fingerprint }, 'not a cursor'],
    ['an array', [1, fingerprint], 'not a cursor'],
    ['too few keys', { v: 1, f: fingerprint, k: ['70', null, ID] }, 'do not fit'],
    ['a number value', { v: 1, f: fingerprint, k: [70, null, '1', ID] }, 'do not fit'],
    ['NULL price', { v: 1, f: fingerprint, k: ['70', null, null, ID] }, 'do not fit'],
    ['NULL id', { v: 1, f: fingerprint, k: ['70', null, '1', null] }, 'do not fit'],
    ['a bad number', { v: 1, f: fingerprint, k: ['1e5', null, '1', ID] }, 'do not fit'],
    ['SQL in a value', { v: 1, f: fingerprint, k: ["1'; DROP", null, '1', ID] }, 'do not fit'],
    ['a bad uuid', { v: 1, f: fingerprint, k: ['70', null, '1', 'x'] }, 'do not fit'],
  ])('refuses a well-checksummed cursor with %s', (_, payload, says) => {
    expect(refusal(forge(payload)).message).toContain(says);
  });

  it('refuses impossible timestamps that the cast in SQL would reject', () => {
    const print = searchFingerprint(parseSearchQuery(''), 'newest');
    for (const at of ['2025-13-01T00:00:00.000000Z', '2025-02-30T00:00:00.000000Z', '2025-01-01']) {
      const cursor = forge({ v: 1, f: print, k: [at, ID] });
      refusal(cursor, NEWEST_KEYS, print);
    }
  });

  it('refuses an overlong cursor without decoding it', () => {
    expect(refusal('A'.repeat(2_000)).message).toContain('too long');
  });

  it('never throws anything but InvalidSearchCursorError for any text', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.base64String(), fc.string({ unit: 'binary' })),
        (text) => {
          try {
            decodeSearchCursor(text, fingerprint, DEFAULT_KEYS);
          } catch (error) {
            expect(error).toBeInstanceOf(InvalidSearchCursorError);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
