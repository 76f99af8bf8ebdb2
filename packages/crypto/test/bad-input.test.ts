import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CryptoError,
  canonicalDelegation,
  createSecretBox,
  fingerprint,
  generateIdentity,
  identityFromSecretKey,
  identityFromSeedPhrase,
  MemoryReplayGuard,
  open,
  openLegacy,
  recipientKey,
  seal,
  sealLegacyV2,
  sign,
  signDelegation,
  signRequest,
  verifyDelegation,
  verifyRequest,
  verifySignature,
} from '../src/index';

const me = generateIdentity();
const box = createSecretBox({ keys: { k: new Uint8Array(32) }, activeKeyId: 'k' });
const ctx = { contractId: 'c', purpose: 'p' };

// Every public entry point, called with one argument replaced by arbitrary junk.
const calls: Record<string, (junk: unknown) => unknown> = {
  identityFromSecretKey: (j) => identityFromSecretKey(j as string),
  identityFromSeedPhrase: (j) => identityFromSeedPhrase(j as string),
  fingerprint: (j) => fingerprint(j as string),
  sign: (j) => sign(j as Uint8Array, me.secretKey),
  'sign(secretKey)': (j) => sign(new Uint8Array(1), j as string),
  'signRequest(url)': (j) =>
    signRequest({ secretKey: me.secretKey, method: 'GET', url: j as string }),
  'signRequest(method)': (j) =>
    signRequest({ secretKey: me.secretKey, method: j as string, url: 'https://a.example/' }),
  'signRequest(body)': (j) =>
    signRequest({
      secretKey: me.secretKey,
      method: 'POST',
      url: 'https://a.example/',
      body: j as string,
    }),
  'signRequest(timestamp)': (j) =>
    signRequest({
      secretKey: me.secretKey,
      method: 'GET',
      url: 'https://a.example/',
      timestamp: j as number,
    }),
  'seal(secret)': (j) => seal(j as string, [me.publicKey], ctx),
  'seal(recipients)': (j) => seal('x', j as Uint8Array[], ctx),
  'seal(context)': (j) => seal('x', [me.publicKey], j as typeof ctx),
  'open(envelope)': (j) => open(j as string, me.secretKey, ctx),
  'open(key)': (j) => open(seal('x', [me.publicKey], ctx), j as string, ctx),
  'open(context)': (j) => open(seal('x', [me.publicKey], ctx), me.secretKey, j as typeof ctx),
  recipientKey: (j) => recipientKey(j as string),
  'openLegacy(envelope)': (j) =>
    openLegacy(j as string, me.secretKey, { contractId: new Uint8Array(32) }),
  'sealLegacyV2(contractId)': (j) => sealLegacyV2('x', me.publicKey, j as string),
  signDelegation: (j) => signDelegation(j as never, me.secretKey),
  canonicalDelegation: (j) => canonicalDelegation(j as never),
  verifyDelegation: (j) => verifyDelegation(j, { now: 0 }),
  'secretBox.open': (j) => box.open(j as string, 'row'),
  'secretBox.seal(aad)': (j) => box.seal('x', j as string),
};

describe('bad input', () => {
  for (const [name, call] of Object.entries(calls)) {
    it(`${name}: junk is refused with a CryptoError naming a parameter, never a raw exception`, () => {
      fc.assert(
        fc.property(fc.anything(), (junk) => {
          try {
            call(junk);
          } catch (e) {
            expect(e).toBeInstanceOf(CryptoError);
            expect((e as CryptoError).param, (e as Error).message).toBeTruthy();
          }
        }),
        { numRuns: 150 },
      );
    });
  }

  it('verifySignature answers false, never throws, for junk', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (a, b) => {
        expect(verifySignature(a as Uint8Array, b as Uint8Array, me.publicKey)).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it('verifyRequest answers, never throws, for junk headers and request lines', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom('X-DC-Key', 'X-DC-Timestamp', 'X-DC-Nonce', 'X-DC-Signature', 'Other'),
          fc.string(),
        ),
        fc.string(),
        fc.string(),
        async (headers, path, host) => {
          const result = await verifyRequest({
            method: 'GET',
            path,
            host,
            headers,
            now: 0,
            replayGuard: new MemoryReplayGuard(),
          });
          expect(result.ok).toBe(false);
        },
      ),
      { numRuns: 100 },
    );
  });
});
