/**
 * Wycheproof X25519 (`vectors/x25519_test.json`, XdhComp, 518 cases: 264 valid, 254 acceptable,
 * 0 invalid) against the package's internal `sharedSecret` (src/_x25519.ts), which wraps
 * @noble/curves `x25519.getSharedSecret` and turns any refusal into `CryptoError('invalid_key')`.
 *
 * - `valid`   -> returns exactly `shared`.
 * - `invalid` -> throws CryptoError with code `invalid_key` (no such case in this file today).
 * - `acceptable` -> decided per flag, as below.
 *
 * Decisions for the flags of the acceptable cases (REJECT wins over ACCEPT when a case carries
 * flags of both kinds; a flag not in either list fails the test until a decision is added):
 *
 *   REJECT (throws CryptoError 'invalid_key'):
 *   - LowOrderPublic   (31) the peer point has order dividing the cofactor 8, so the clamped
 *                           ladder outputs the all-zero secret. Our envelopes must reject it:
 *                           a known all-zero secret gives an attacker-known key (RFC 7748 §6.1).
 *                           noble rejects these u values before the ladder.
 *   - ZeroSharedSecret (31) the same 31 cases (checked below): the shared secret is all zero.
 *   - any case whose `shared` is all zero, whatever its flags (a dedicated test checks that no
 *     all-zero `shared` is ever returned).
 *
 *   ACCEPT (returns exactly `shared`, which is non-zero), unless a REJECT rule applies:
 *   - Twist              (216 accepted, 5 rejected as low-order) points on the quadratic twist;
 *                        X25519 is defined there and the result must be correct.
 *   - NonCanonicalPublic (13 accepted, 6 rejected as low-order) u >= p or the top bit set: the
 *                        top bit is masked and u reduced mod p (RFC 7748 §5, §7 recommends
 *                        accepting); checked below against the canonical encoding.
 *   - SpecialPublicKey   (38 accepted, 12 rejected as low-order) arithmetic edge cases.
 *   - SmallPublicKey     (0 accepted, 8 rejected) accepted in principle when the secret is
 *                        non-zero, but all 8 cases in this file are also LowOrderPublic /
 *                        ZeroSharedSecret, so all 8 are rejected.
 *   - Ktv                (1 accepted) RFC 7748 known test vector whose point is on the twist.
 *   - EdgeCaseShared     (8 accepted) edge-case values of the shared secret.
 *   - EdgeCaseMultiplication (170 accepted, 5 rejected as low-order) ladder edge cases.
 *
 * The per-flag counts above are asserted by a test, so a change in the vectors or in the
 * implementation's behaviour shows up as a failure here.
 */
import { describe, expect, it } from 'vitest';
import { sharedSecret } from '../../src/_x25519';
import { CryptoError } from '../../src/errors';
import type { WycheproofCase } from './_vectors';
import { allCases, caseName, fromHex, isAllZero, loadVectors, toHex } from './_vectors';

interface XdhCompCase extends WycheproofCase {
  public: string;
  private: string;
  shared: string;
}

interface XdhCompGroup {
  type: string;
  curve: string;
  tests: XdhCompCase[];
}

type Decision = 'accept' | 'reject';

const REJECT_FLAGS: ReadonlySet<string> = new Set(['LowOrderPublic', 'ZeroSharedSecret']);
const ACCEPT_FLAGS: ReadonlySet<string> = new Set([
  'Twist',
  'NonCanonicalPublic',
  'SpecialPublicKey',
  'SmallPublicKey',
  'Ktv',
  'EdgeCaseShared',
  'EdgeCaseMultiplication',
]);

const vectors = loadVectors<XdhCompGroup>('x25519_test.json');
const cases = allCases(vectors).map(({ test }) => test);

/** What we require of `sharedSecret` for this case (see the table at the top). */
function decide(test: XdhCompCase): Decision {
  if (test.result === 'valid') return 'accept';
  if (test.result === 'invalid') return 'reject';
  if (isAllZero(fromHex(test.shared))) return 'reject';
  if (test.flags.some((flag) => REJECT_FLAGS.has(flag))) return 'reject';
  const undecided = test.flags.filter((flag) => !ACCEPT_FLAGS.has(flag));
  if (undecided.length > 0) {
    throw new Error(
      `tcId ${test.tcId}: no decision for acceptable flag(s) ${undecided.join(', ')}`,
    );
  }
  return 'accept';
}

function compute(test: XdhCompCase, publicKey: Uint8Array = fromHex(test.public)): Uint8Array {
  return sharedSecret('peerPublic', fromHex(test.private), publicKey);
}

/** Asserts `run` throws a CryptoError with code `invalid_key` (and fails if it returns). */
function expectInvalidKey(run: () => unknown): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(CryptoError);
  expect((caught as CryptoError).code).toBe('invalid_key');
}

const P = 2n ** 255n - 19n;

/** RFC 7748 §5 decodeUCoordinate then encodeUCoordinate: mask bit 255, reduce mod p. */
function canonicalU(encoded: Uint8Array): Uint8Array {
  let u = 0n;
  for (let i = encoded.length - 1; i >= 0; i -= 1) u = (u << 8n) | BigInt(encoded[i] ?? 0);
  u = (u & ((1n << 255n) - 1n)) % P;
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i += 1) {
    out[i] = Number(u & 0xffn);
    u >>= 8n;
  }
  return out;
}

describe('Wycheproof x25519_test.json', () => {
  it('iterates every case of the file (numberOfTests)', () => {
    expect(vectors.algorithm).toBe('XDH');
    expect(vectors.testGroups.every((group) => group.curve === 'curve25519')).toBe(true);
    expect(vectors.numberOfTests).toBe(518);
    expect(cases).toHaveLength(vectors.numberOfTests);
    expect(new Set(cases.map((test) => test.tcId)).size).toBe(cases.length);
    expect(cases.filter((test) => test.result === 'valid')).toHaveLength(264);
    expect(cases.filter((test) => test.result === 'acceptable')).toHaveLength(254);
    expect(cases.filter((test) => test.result === 'invalid')).toHaveLength(0);
  });

  for (const test of cases) {
    it(caseName(test), () => {
      if (decide(test) === 'reject') {
        expectInvalidKey(() => compute(test));
      } else {
        const shared = compute(test);
        expect(toHex(shared)).toBe(test.shared);
        expect(isAllZero(shared)).toBe(false);
      }
    });
  }

  it('never accepts a vector whose shared secret is all zero', () => {
    const zero = cases.filter((test) => isAllZero(fromHex(test.shared)));
    expect(zero).toHaveLength(31);
    for (const test of zero) {
      expect(test.result).not.toBe('valid');
      expectInvalidKey(() => compute(test));
    }
  });

  it('never returns an all-zero secret for any vector', () => {
    let returned = 0;
    for (const test of cases) {
      let shared: Uint8Array | undefined;
      try {
        shared = compute(test);
      } catch {
        continue;
      }
      returned += 1;
      expect(shared, `tcId ${test.tcId}`).toHaveLength(32);
      expect(isAllZero(shared), `tcId ${test.tcId}`).toBe(false);
    }
    expect(returned).toBe(518 - 31);
  });

  it('LowOrderPublic, ZeroSharedSecret and an all-zero `shared` mark the same cases', () => {
    for (const test of cases) {
      const zero = isAllZero(fromHex(test.shared));
      expect(test.flags.includes('LowOrderPublic'), `tcId ${test.tcId}`).toBe(zero);
      expect(test.flags.includes('ZeroSharedSecret'), `tcId ${test.tcId}`).toBe(zero);
    }
  });

  it('per-flag decisions match the table at the top of the file', () => {
    const table: Record<string, { valid: number; accepted: number; rejected: number }> = {};
    for (const test of cases) {
      const decision = decide(test);
      for (const flag of test.flags) {
        const row = table[flag] ?? { valid: 0, accepted: 0, rejected: 0 };
        table[flag] = row;
        if (test.result === 'valid') row.valid += 1;
        else if (decision === 'accept') row.accepted += 1;
        else row.rejected += 1;
      }
    }
    expect(table).toEqual({
      Normal: { valid: 1, accepted: 0, rejected: 0 },
      Ktv: { valid: 2, accepted: 1, rejected: 0 },
      EdgeCasePrivateKey: { valid: 7, accepted: 0, rejected: 0 },
      EdgeCaseShared: { valid: 6, accepted: 8, rejected: 0 },
      EdgeCaseMultiplication: { valid: 219, accepted: 170, rejected: 5 },
      SpecialPublicKey: { valid: 29, accepted: 38, rejected: 12 },
      Twist: { valid: 0, accepted: 216, rejected: 5 },
      NonCanonicalPublic: { valid: 0, accepted: 13, rejected: 6 },
      SmallPublicKey: { valid: 0, accepted: 0, rejected: 8 },
      LowOrderPublic: { valid: 0, accepted: 0, rejected: 31 },
      ZeroSharedSecret: { valid: 0, accepted: 0, rejected: 31 },
    });
  });

  it('reduces accepted non-canonical public keys as RFC 7748 §5 says', () => {
    const nonCanonical = cases.filter(
      (test) => test.flags.includes('NonCanonicalPublic') && decide(test) === 'accept',
    );
    expect(nonCanonical).toHaveLength(13);
    for (const test of nonCanonical) {
      const given = fromHex(test.public);
      const canonical = canonicalU(given);
      expect(toHex(canonical), `tcId ${test.tcId}`).not.toBe(test.public);
      expect(toHex(compute(test, canonical)), `tcId ${test.tcId}`).toBe(test.shared);
    }
  });
});
