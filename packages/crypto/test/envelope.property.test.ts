import { base64urlnopad } from '@scure/base';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CryptoError,
  type EnvelopeV3,
  generateIdentity,
  type Identity,
  MAX_SECRET_BYTES,
  open,
  recipientKey,
  seal,
} from '../src/index';

// Identities are costly to make inside a property; a pool of 12 is plenty to pick from.
const POOL: Identity[] = Array.from({ length: 12 }, () => generateIdentity());
const context = { contractId: 'ctr-42', purpose: 'root_password' };

const recipientsArb = fc.uniqueArray(fc.integer({ min: 0, max: POOL.length - 1 }), {
  minLength: 1,
  maxLength: 10,
});
const secretArb = fc.uint8Array({ minLength: 1, maxLength: 512 });

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'opened';
  } catch (e) {
    if (!(e instanceof CryptoError)) throw e;
    return e.code;
  }
}

function flipByte(field: string, index: number): string {
  const bytes = base64urlnopad.decode(field);
  const i = index % bytes.length;
  bytes[i] = (bytes[i] ?? 0) ^ 0x01;
  return base64urlnopad.encode(bytes);
}

describe('envelope v3 properties', () => {
  it('round-trips any secret for 1..10 recipients, openable by each of them', () => {
    fc.assert(
      fc.property(secretArb, recipientsArb, (secret, idx) => {
        const env = seal(
          secret,
          idx.map((i) => POOL[i]?.publicKey ?? new Uint8Array()),
          context,
        );
        expect(env.recipients).toHaveLength(idx.length);
        for (const i of idx)
          expect(
            open(JSON.stringify(env), POOL[i]?.secretKey ?? new Uint8Array(), context),
          ).toEqual(secret);
      }),
      { numRuns: 40 },
    );
  });

  it('a key that is not a recipient cannot open it', () => {
    fc.assert(
      fc.property(secretArb, recipientsArb, (secret, idx) => {
        const outsider = POOL.findIndex((_, i) => !idx.includes(i));
        fc.pre(outsider >= 0);
        const env = seal(
          secret,
          idx.map((i) => POOL[i]?.publicKey ?? new Uint8Array()),
          context,
        );
        expect(
          codeOf(() => open(env, POOL[outsider]?.secretKey ?? new Uint8Array(), context)),
        ).toBe('not_a_recipient');
      }),
      { numRuns: 30 },
    );
  });

  it('any flipped bit in any field makes it fail to open', () => {
    const fields = [
      'epk',
      'nonce',
      'ciphertext',
      'kid',
      'recipients.nonce',
      'wrapped_key',
    ] as const;
    fc.assert(
      fc.property(secretArb, fc.constantFrom(...fields), fc.nat(), (secret, field, at) => {
        const me = POOL[0] as Identity;
        const env = seal(secret, [me.publicKey, (POOL[1] as Identity).publicKey], context);
        const mine = env.recipients[0] as EnvelopeV3['recipients'][number];
        const tampered: EnvelopeV3 =
          field === 'epk' || field === 'nonce' || field === 'ciphertext'
            ? { ...env, [field]: flipByte(env[field], at) }
            : {
                ...env,
                recipients: [
                  {
                    ...mine,
                    ...(field === 'kid' ? { kid: flipByte(mine.kid, at) } : {}),
                    ...(field === 'recipients.nonce' ? { nonce: flipByte(mine.nonce, at) } : {}),
                    ...(field === 'wrapped_key'
                      ? { wrapped_key: flipByte(mine.wrapped_key, at) }
                      : {}),
                  },
                  ...env.recipients.slice(1),
                ],
              };
        expect(['decryption_failed', 'not_a_recipient', 'invalid_key']).toContain(
          codeOf(() => open(tampered, me.secretKey, context)),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('fails on any other contract id or purpose', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[\x21-\x7e]{1,40}$/),
        fc.stringMatching(/^[a-z_]{1,20}$/),
        (contractId, purpose) => {
          fc.pre(contractId !== context.contractId || purpose !== context.purpose);
          const me = POOL[0] as Identity;
          const env = seal('hunter2', [me.publicKey], context);
          expect(codeOf(() => open(env, me.secretKey, { contractId, purpose }))).toBe(
            'decryption_failed',
          );
        },
      ),
      { numRuns: 50 },
    );
  });

  it('keeps contract id and purpose apart: ("ab","c") is not ("a","bc")', () => {
    const me = POOL[0] as Identity;
    const env = seal('x', [me.publicKey], { contractId: 'ab', purpose: 'c' });
    expect(codeOf(() => open(env, me.secretKey, { contractId: 'a', purpose: 'bc' }))).toBe(
      'decryption_failed',
    );
  });
});

describe('envelope v3 input checks', () => {
  const me = POOL[0] as Identity;
  const env = seal('x', [me.publicKey], context);

  it('rejects empty and oversized secrets', () => {
    expect(codeOf(() => seal(new Uint8Array(0), [me.publicKey], context))).toBe('too_large');
    expect(codeOf(() => seal(new Uint8Array(MAX_SECRET_BYTES + 1), [me.publicKey], context))).toBe(
      'too_large',
    );
  });

  it('rejects 0 or more than 10 recipients, and bad keys, naming which', () => {
    expect(codeOf(() => seal('x', [], context))).toBe('invalid_length');
    expect(
      codeOf(() =>
        seal(
          'x',
          POOL.slice(0, 11).map((p) => p.publicKey),
          context,
        ),
      ),
    ).toBe('invalid_length');
    expect(() => seal('x', [me.publicKey, 'zz'], context)).toThrow(/"recipients\[1\]"/);
  });

  it('refuses a small-order recipient key instead of sealing to a known secret', () => {
    // The Ed25519 identity point (order 1): its Montgomery form is u = 1, a low-order point.
    const identityPoint = new Uint8Array(32);
    identityPoint[0] = 1;
    expect(codeOf(() => seal('x', [identityPoint], context))).toBe('invalid_key');
  });

  it('names unknown versions and malformed fields', () => {
    expect(
      codeOf(() => open({ ...env, v: 4 } as unknown as EnvelopeV3, me.secretKey, context)),
    ).toBe('unsupported_version');
    expect(codeOf(() => open('{not json', me.secretKey, context))).toBe('invalid_format');
    expect(codeOf(() => open({ ...env, epk: 'AAAA' }, me.secretKey, context))).toBe(
      'invalid_length',
    );
    expect(codeOf(() => open({ ...env, nonce: '***' }, me.secretKey, context))).toBe(
      'invalid_format',
    );
    expect(codeOf(() => open({ ...env, recipients: [] }, me.secretKey, context))).toBe(
      'invalid_format',
    );
    expect(
      codeOf(() => open(env, me.secretKey, { contractId: '', purpose: 'root_password' })),
    ).toBe('invalid_format');
  });

  it('a low-order ephemeral key in the blob is refused, not used', () => {
    const lowOrder = base64urlnopad.encode(new Uint8Array(32));
    expect(codeOf(() => open({ ...env, epk: lowOrder }, me.secretKey, context))).toBe(
      'invalid_key',
    );
  });
});

describe('prepared recipient keys', () => {
  it('open the same envelopes as the raw secret key', () => {
    const me = POOL[3] as Identity;
    const env = seal('same', [me.publicKey, (POOL[4] as Identity).publicKey], context);
    expect(open(env, recipientKey(me.secretKey), context)).toEqual(
      open(env, me.secretKey, context),
    );
    expect(codeOf(() => open(env, recipientKey((POOL[5] as Identity).secretKey), context))).toBe(
      'not_a_recipient',
    );
  });
});
