/**
 * Wycheproof XChaCha20-Poly1305 (`vectors/xchacha20_poly1305_test.json`, AeadTest, 315 cases:
 * 246 valid, 69 invalid) against `xchacha20poly1305` from @noble/ciphers, the AEAD the package
 * uses.
 *
 * - `valid`   -> encrypt(key, iv, aad, msg) === ct || tag, and decrypt(ct || tag) === msg.
 * - `invalid` -> ModifiedTag (60): decrypt of ct || tag throws (and encrypting msg does not
 *                give that ct || tag); InvalidNonceSize (9, nonces of 0..32 bytes but not 24):
 *                constructing the cipher throws.
 *
 * Acceptable cases: none in this file; a test fails if an updated vector file brings one, so a
 * decision is then made and written down here.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { describe, expect, it } from 'vitest';
import type { WycheproofCase } from './_vectors';
import { allCases, caseName, fromHex, loadVectors, toHex } from './_vectors';

interface AeadCase extends WycheproofCase {
  key: string;
  iv: string;
  aad: string;
  msg: string;
  ct: string;
  tag: string;
}

interface AeadGroup {
  type: string;
  ivSize: number;
  keySize: number;
  tagSize: number;
  tests: AeadCase[];
}

const vectors = loadVectors<AeadGroup>('xchacha20_poly1305_test.json');
const cases = allCases(vectors);

function cipher(test: AeadCase) {
  return xchacha20poly1305(fromHex(test.key), fromHex(test.iv), fromHex(test.aad));
}

describe('Wycheproof xchacha20_poly1305_test.json', () => {
  it('iterates every case of the file (numberOfTests)', () => {
    expect(vectors.algorithm).toBe('XCHACHA20-POLY1305');
    expect(vectors.numberOfTests).toBe(315);
    expect(cases).toHaveLength(vectors.numberOfTests);
    expect(new Set(cases.map(({ test }) => test.tcId)).size).toBe(cases.length);
  });

  it('has no acceptable cases (a new one needs a documented decision above)', () => {
    const results = cases.map(({ test }) => test.result);
    expect(results.filter((r) => r === 'acceptable')).toEqual([]);
    expect(results.filter((r) => r === 'valid')).toHaveLength(246);
    expect(results.filter((r) => r === 'invalid')).toHaveLength(69);
  });

  it('groups declare the sizes the cases use', () => {
    for (const { group, test } of cases) {
      expect(fromHex(test.key).length * 8, `tcId ${test.tcId}`).toBe(group.keySize);
      expect(fromHex(test.iv).length * 8, `tcId ${test.tcId}`).toBe(group.ivSize);
    }
  });

  for (const { group, test } of cases) {
    it(caseName(test), () => {
      expect(['valid', 'invalid']).toContain(test.result);
      const sealed = `${test.ct}${test.tag}`;

      if (test.result === 'valid') {
        expect(group.ivSize).toBe(192);
        expect(fromHex(test.tag)).toHaveLength(group.tagSize / 8);
        expect(toHex(cipher(test).encrypt(fromHex(test.msg)))).toBe(sealed);
        expect(toHex(cipher(test).decrypt(fromHex(sealed)))).toBe(test.msg);
        return;
      }

      if (group.ivSize !== 192) {
        // InvalidNonceSize: XChaCha20-Poly1305 takes exactly 24-byte nonces.
        expect(test.flags).toContain('InvalidNonceSize');
        expect(() => cipher(test)).toThrow(/nonce/);
        return;
      }

      // A forged tag: the right ciphertext of msg has a different tag, and opening fails.
      expect(test.flags).toContain('ModifiedTag');
      expect(toHex(cipher(test).encrypt(fromHex(test.msg)))).not.toBe(sealed);
      expect(() => cipher(test).decrypt(fromHex(sealed))).toThrow();
    });
  }
});
