import { ed25519 } from '@noble/curves/ed25519.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { generateMnemonic, mnemonicToSeedSync, validateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { bytesOrHex, describe, toHex, utf8 } from './_bytes';
import { CryptoError } from './errors';

/** An Ed25519 identity. `secretKey` is the 32-byte seed (RFC 8032 private key). */
export interface Identity {
  readonly secretKey: Uint8Array;
  readonly publicKey: Uint8Array;
  /** `publicKey` as lower-case hex: the value of the `X-DC-Key` header. */
  readonly publicKeyHex: string;
}

/** Word counts Decent Cloud accepts: 12 (128-bit) or 24 (256-bit). */
export type SeedPhraseLength = 12 | 24;

const HMAC_KEY = utf8('ed25519 seed');

/** A new random English BIP39 phrase of 12 or 24 words. */
export function generateSeedPhrase(words: SeedPhraseLength = 12): string {
  if (words !== 12 && words !== 24) {
    throw new CryptoError('invalid_length', `"words" expected 12 or 24, got ${describe(words)}`, {
      param: 'words',
    });
  }
  return generateMnemonic(wordlist, words === 12 ? 128 : 256);
}

/**
 * Lower-cases, trims and collapses white space, so a phrase typed with stray spaces or capitals
 * is the same phrase. (Only input that would otherwise be invalid changes.)
 */
export function normalizeSeedPhrase(phrase: string): string {
  return phrase.normalize('NFKD').trim().toLowerCase().split(/\s+/u).join(' ');
}

/**
 * Why `phrase` is not a valid 12- or 24-word English BIP39 phrase, or `null` when it is.
 * Names the first unknown word and its position, so a user can fix a typo.
 */
export function seedPhraseProblem(phrase: unknown): string | null {
  if (typeof phrase !== 'string') return `expected a string, got ${typeof phrase}`;
  const words = normalizeSeedPhrase(phrase).split(' ');
  if (words.length !== 12 && words.length !== 24)
    return `expected 12 or 24 words, got ${words[0] === '' ? 0 : words.length}`;
  const unknown = words.findIndex((w) => !wordlist.includes(w));
  if (unknown >= 0)
    return `word ${unknown + 1} ("${words[unknown]}") is not in the BIP39 English word list`;
  if (!validateMnemonic(words.join(' '), wordlist))
    return 'the checksum does not match: a word is wrong or out of order';
  return null;
}

/** True for a valid 12- or 24-word English BIP39 phrase (after normalisation). */
export function isValidSeedPhrase(phrase: unknown): boolean {
  return seedPhraseProblem(phrase) === null;
}

/**
 * The identity of a seed phrase, derived as the existing Decent Cloud apps do:
 * `seed64 = BIP39 seed(phrase, passphrase "")`,
 * `secretKey = HMAC-SHA512(key = "ed25519 seed", data = seed64)[0..32]`.
 */
export function identityFromSeedPhrase(phrase: string): Identity {
  const problem = seedPhraseProblem(phrase);
  if (problem !== null)
    throw new CryptoError('invalid_phrase', `"phrase" is not a valid seed phrase: ${problem}`, {
      param: 'phrase',
    });
  const seed64 = mnemonicToSeedSync(normalizeSeedPhrase(phrase), '');
  return identityFromSecretKey(hmac(sha512, HMAC_KEY, seed64).subarray(0, 32));
}

/** The identity of a raw 32-byte Ed25519 secret key (bytes or lower-case hex). */
export function identityFromSecretKey(secretKey: Uint8Array | string): Identity {
  const secret = Uint8Array.from(bytesOrHex('secretKey', secretKey, 32));
  const publicKey = ed25519.getPublicKey(secret);
  return Object.freeze({ secretKey: secret, publicKey, publicKeyHex: toHex(publicKey) });
}

/** A fresh random identity (for agents, which have no seed phrase). */
export function generateIdentity(): Identity {
  return identityFromSecretKey(ed25519.utils.randomSecretKey());
}

/** The secret key as lower-case hex, for export to a key file. */
export function secretKeyToHex(identity: Identity): string {
  return toHex(identity.secretKey);
}
