/**
 * Wycheproof Ed25519 (`vectors/ed25519_test.json`, EddsaVerify, 151 cases) against both
 * verifiers of the package: `verifySignature` (pure @noble/curves, strict RFC 8032,
 * zip215: false) and `nodeVerifySignature` (node:crypto / OpenSSL).
 *
 * - `valid`   -> both return true.
 * - `invalid` -> both return false (never a throw).
 * - both return the same answer on every case (counted: 151 agreements).
 *
 * Acceptable cases: this file has none (88 valid, 63 invalid; flags Valid, Ktv, TinkOverflow,
 * InvalidSignature, TruncatedSignature, SignatureWithGarbage, CompressedSignature,
 * InvalidEncoding, SignatureMalleability, InvalidKtv). There is therefore no per-flag decision
 * to make; a test below fails if an updated vector file brings `acceptable` cases, so that a
 * decision is then made and written down here rather than silently skipped. If that happens,
 * the rule to apply is our strict RFC 8032 contract: anything that needs a lenient decoding
 * (non-canonical R, S or A, S >= L, ZIP-215 style cofactored checks) is rejected by both paths.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nodeSign, nodeVerifySignature } from '../../src/node';
import { sign, verifySignature } from '../../src/signature';

const toHexString = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

import type { WycheproofCase } from './_vectors';
import { allCases, caseName, fromHex, loadVectors } from './_vectors';

interface EddsaVerifyCase extends WycheproofCase {
  msg: string;
  sig: string;
}

interface EddsaVerifyGroup {
  type: string;
  publicKey: { type: string; curve: string; keySize: number; pk: string };
  tests: EddsaVerifyCase[];
}

const vectors = loadVectors<EddsaVerifyGroup>('ed25519_test.json');
const cases = allCases(vectors);

function inputs(group: EddsaVerifyGroup, test: EddsaVerifyCase) {
  return {
    signature: fromHex(test.sig),
    message: fromHex(test.msg),
    publicKey: fromHex(group.publicKey.pk),
  };
}

describe('Wycheproof ed25519_test.json', () => {
  it('iterates every case of the file (numberOfTests)', () => {
    expect(vectors.algorithm).toBe('EDDSA');
    expect(vectors.numberOfTests).toBe(151);
    expect(cases).toHaveLength(vectors.numberOfTests);
    expect(new Set(cases.map(({ test }) => test.tcId)).size).toBe(cases.length);
  });

  it('has no acceptable cases (a new one needs a documented decision above)', () => {
    const results = cases.map(({ test }) => test.result);
    expect(results.filter((r) => r === 'acceptable')).toEqual([]);
    expect(results.filter((r) => r === 'valid')).toHaveLength(88);
    expect(results.filter((r) => r === 'invalid')).toHaveLength(63);
  });

  for (const { group, test } of cases) {
    it(caseName(test), () => {
      const { signature, message, publicKey } = inputs(group, test);
      // A result we have no rule for fails the test instead of passing by default.
      expect(['valid', 'invalid']).toContain(test.result);
      const expected = test.result === 'valid';
      expect(verifySignature(signature, message, publicKey)).toBe(expected);
      expect(nodeVerifySignature(signature, message, publicKey)).toBe(expected);
    });
  }

  it('nodeSign gives the same signatures as sign (deterministic Ed25519) for many keys and messages', () => {
    for (let i = 0; i < 64; i += 1) {
      const secretKey = new Uint8Array(randomBytes(32));
      const message = new Uint8Array(randomBytes(i * 7));
      expect(toHexString(nodeSign(message, secretKey))).toBe(toHexString(sign(message, secretKey)));
    }
  });

  it('the noble and the node:crypto path agree on all 151 cases', () => {
    const disagreements: number[] = [];
    let agreements = 0;
    for (const { group, test } of cases) {
      const { signature, message, publicKey } = inputs(group, test);
      const pure = verifySignature(signature, message, publicKey);
      const native = nodeVerifySignature(signature, message, publicKey);
      if (pure === native) agreements += 1;
      else disagreements.push(test.tcId);
    }
    expect(disagreements).toEqual([]);
    expect(agreements).toBe(151);
  });
});
