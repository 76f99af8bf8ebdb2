import { describe, expect, it } from 'vitest';
import {
  CryptoError,
  fingerprint,
  generateIdentity,
  generateSeedPhrase,
  identityFromSecretKey,
  identityFromSeedPhrase,
  isValidSeedPhrase,
  secretKeyToHex,
  seedPhraseProblem,
  shortFingerprint,
} from '../src/index';

const PHRASE = 'legal winner thank year wave sausage worth useful legal winner thank yellow';

describe('seed phrases', () => {
  it('generates valid 12- and 24-word phrases', () => {
    for (const words of [12, 24] as const) {
      const phrase = generateSeedPhrase(words);
      expect(phrase.split(' ')).toHaveLength(words);
      expect(isValidSeedPhrase(phrase)).toBe(true);
    }
    expect(generateSeedPhrase()).not.toBe(generateSeedPhrase());
  });

  it('refuses other lengths', () => {
    expect(() => generateSeedPhrase(18 as 12)).toThrow(/"words" expected 12 or 24/);
  });

  it('says what is wrong with a bad phrase', () => {
    expect(seedPhraseProblem('legal winner')).toBe('expected 12 or 24 words, got 2');
    expect(seedPhraseProblem(PHRASE.replace('wave', 'wavy'))).toBe(
      'word 5 ("wavy") is not in the BIP39 English word list',
    );
    expect(seedPhraseProblem(PHRASE.replace('yellow', 'legal'))).toMatch(/checksum/);
    expect(seedPhraseProblem('')).toBe('expected 12 or 24 words, got 0');
    expect(seedPhraseProblem(42)).toBe('expected a string, got number');
  });

  it('treats capitals and stray white space as the same phrase', () => {
    const messy = `  ${PHRASE.toUpperCase().replaceAll(' ', ' \n ')}  `;
    expect(identityFromSeedPhrase(messy).publicKeyHex).toBe(
      identityFromSeedPhrase(PHRASE).publicKeyHex,
    );
  });

  it('throws a typed error naming the parameter', () => {
    try {
      identityFromSeedPhrase('not a phrase');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CryptoError);
      expect(e).toMatchObject({ code: 'invalid_phrase', param: 'phrase' });
    }
  });
});

describe('compatibility with the existing Decent Cloud apps', () => {
  // Computed independently (Python hashlib/hmac + RFC 8032) with the derivation the existing
  // apps use (website identityFromSeed, Rust generate_ed25519_signing_key_from_seed).
  it.each([
    [
      'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about',
      '560f9f3c94558b6551928bb781cf6092c6b8800b4fc544af2c9444ed126d51aa',
      'e96b1c6b8769fdb0b34fbecfdf85c33b053cecad9517e1ab88cba614335775c1',
    ],
    [
      'guilt faith betray uphold faint come scheme south venture visa carry stay',
      '9e24a1054c97b1ec85b02f6e6ae85de3fae926c3f9f6325a6b5eebb3feabf952',
      'fbb59bbf1eba0e12779dc419fb7c9a5087087a337d65a026382ae9175a54abb5',
    ],
  ])('derives the same key from "%s"', (phrase, secretKey, publicKey) => {
    const id = identityFromSeedPhrase(phrase);
    expect(secretKeyToHex(id)).toBe(secretKey);
    expect(id.publicKeyHex).toBe(publicKey);
  });
});

describe('raw keys', () => {
  it('derives the RFC 8032 test 1 public key from its secret key', () => {
    const id = identityFromSecretKey(
      '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    );
    expect(id.publicKeyHex).toBe(
      'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    );
  });

  it('round-trips a secret key through hex', () => {
    const id = generateIdentity();
    expect(identityFromSecretKey(secretKeyToHex(id)).publicKeyHex).toBe(id.publicKeyHex);
    expect(identityFromSecretKey(id.secretKey).publicKeyHex).toBe(id.publicKeyHex);
  });

  it('copies the secret key it is given, so zeroing the caller buffer cannot change it', () => {
    const raw = new Uint8Array(32).fill(1);
    const id = identityFromSecretKey(raw);
    raw.fill(0);
    expect(id.secretKey.every((b) => b === 1)).toBe(true);
  });

  it('rejects wrong lengths, non-hex and wrong types with the parameter named', () => {
    expect(() => identityFromSecretKey(new Uint8Array(31))).toThrow(
      '"secretKey" expected 32 bytes, got 31',
    );
    expect(() => identityFromSecretKey('zz'.repeat(32))).toThrow(
      /"secretKey" expected lower-case hex/,
    );
    expect(() => identityFromSecretKey('ab'.repeat(31))).toThrow(
      '"secretKey" expected 32 bytes (64 hex digits), got 62 digits',
    );
    expect(() => identityFromSecretKey(123 as unknown as string)).toThrow(
      '"secretKey" expected a Uint8Array, got number',
    );
  });
});

describe('fingerprints', () => {
  const key = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
  it('formats SHA256 fingerprints like OpenSSH', () => {
    expect(fingerprint(key)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });
  it('gives a short grouped form', () => {
    expect(shortFingerprint(key)).toMatch(/^[0-9a-f]{4}(-[0-9a-f]{4}){3}$/);
  });
  it('differs between keys', () => {
    expect(fingerprint(generateIdentity().publicKey)).not.toBe(fingerprint(key));
  });
});
