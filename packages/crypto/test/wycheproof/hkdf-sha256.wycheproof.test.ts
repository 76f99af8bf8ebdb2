/**
 * Wycheproof HKDF-SHA256 (`vectors/hkdf_sha256_test.json`, HkdfTest, 86 cases: 83 valid,
 * 3 invalid) against `hkdf(sha256, ikm, salt, info, size)` from @noble/hashes, the KDF the
 * package uses.
 *
 * - `valid`   -> the output equals `okm` (including MaximalOutputSize, 255 * 32 = 8160 bytes,
 *                and the OutputCollision cases, whose equal outputs are expected).
 * - `invalid` -> SizeTooLarge (8161 bytes): throws; the same inputs with 8160 bytes do not.
 * - EmptySalt (23 cases): an empty salt means "no salt", which RFC 5869 §2.2 defines as HashLen
 *   zero bytes. noble gives the same `okm` for the empty array, for `undefined` and for 32 zero
 *   bytes (HMAC pads every key shorter than the block with zeros), checked per case.
 *
 * Acceptable cases: none in this file; a test fails if an updated vector file brings one, so a
 * decision is then made and written down here.
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import type { WycheproofCase } from './_vectors';
import { allCases, caseName, fromHex, loadVectors, toHex } from './_vectors';

interface HkdfCase extends WycheproofCase {
  ikm: string;
  salt: string;
  info: string;
  size: number;
  okm: string;
}

interface HkdfGroup {
  type: string;
  keySize: number;
  tests: HkdfCase[];
}

const MAX_SIZE = 255 * 32;

const vectors = loadVectors<HkdfGroup>('hkdf_sha256_test.json');
const cases = allCases(vectors).map(({ test }) => test);

function derive(test: HkdfCase, salt: Uint8Array | undefined, size = test.size): Uint8Array {
  return hkdf(sha256, fromHex(test.ikm), salt, fromHex(test.info), size);
}

describe('Wycheproof hkdf_sha256_test.json', () => {
  it('iterates every case of the file (numberOfTests)', () => {
    expect(vectors.algorithm).toBe('HKDF-SHA-256');
    expect(vectors.numberOfTests).toBe(86);
    expect(cases).toHaveLength(vectors.numberOfTests);
    expect(new Set(cases.map((test) => test.tcId)).size).toBe(cases.length);
  });

  it('has no acceptable cases (a new one needs a documented decision above)', () => {
    const results = cases.map((test) => test.result);
    expect(results.filter((r) => r === 'acceptable')).toEqual([]);
    expect(results.filter((r) => r === 'valid')).toHaveLength(83);
    expect(results.filter((r) => r === 'invalid')).toHaveLength(3);
  });

  for (const test of cases) {
    it(caseName(test), () => {
      expect(['valid', 'invalid']).toContain(test.result);

      if (test.result === 'invalid') {
        expect(test.flags).toContain('SizeTooLarge');
        expect(test.size).toBeGreaterThan(MAX_SIZE);
        expect(() => derive(test, fromHex(test.salt))).toThrow();
        // The refusal is about the size alone: the largest allowed size works.
        expect(derive(test, fromHex(test.salt), MAX_SIZE)).toHaveLength(MAX_SIZE);
        return;
      }

      expect(fromHex(test.okm)).toHaveLength(test.size);
      expect(toHex(derive(test, fromHex(test.salt)))).toBe(test.okm);

      if (test.salt === '') {
        // "No salt": undefined and HashLen zeros must give the same output as the empty salt.
        expect(toHex(derive(test, undefined))).toBe(test.okm);
        expect(toHex(derive(test, new Uint8Array(32)))).toBe(test.okm);
      }
    });
  }

  it('EmptySalt marks exactly the cases with an empty salt', () => {
    const emptySalt = cases.filter((test) => test.salt === '');
    expect(emptySalt).toHaveLength(23);
    for (const test of cases) {
      expect(test.flags.includes('EmptySalt'), `tcId ${test.tcId}`).toBe(test.salt === '');
    }
  });
});
