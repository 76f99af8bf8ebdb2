import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { bytesOrHex, concatBytes, fromB64, toB64, utf8 } from './_bytes';
import { parseJsonObject } from './_json';
import { type RandomSource, randomBytes } from './_random';
import { ephemeralKeyPair, montgomeryPublic, montgomerySecret, sharedSecret } from './_x25519';
import { MAX_SECRET_BYTES } from './envelope';
import { CryptoError } from './errors';

const LABELS = { 1: 'credential-encryption-v1', 2: 'credential-encryption-v2-aad' } as const;

/**
 * A legacy credential envelope of the existing Decent Cloud apps, as JSON: snake_case fields,
 * standard padded base64. v2 carries the contract id as `aad`; it is never trusted on open.
 */
export interface LegacyEnvelope {
  readonly version: 1 | 2;
  readonly ephemeral_pubkey: string;
  readonly nonce: string;
  readonly ciphertext: string;
  readonly aad?: string;
}

/**
 * Seals a secret in the legacy v2 format the existing apps open: ephemeral X25519 key (clamped),
 * shared secret S with the recipient's Montgomery key, key = SHA-512("credential-encryption-v2-aad"
 * || S)[0..32], XChaCha20-Poly1305 with a 24-byte nonce and AAD = the raw 32-byte contract id.
 * One recipient per envelope: prefer v3 (`seal`) for anything new.
 */
export function sealLegacyV2(
  secret: Uint8Array | string,
  recipient: Uint8Array | string,
  contractId: Uint8Array | string,
  options: { readonly random?: RandomSource } = {},
): LegacyEnvelope {
  const plaintext = typeof secret === 'string' ? utf8(secret) : secret;
  if (
    !(plaintext instanceof Uint8Array) ||
    plaintext.length === 0 ||
    plaintext.length > MAX_SECRET_BYTES
  ) {
    throw new CryptoError('too_large', `"secret" must be 1..${MAX_SECRET_BYTES} bytes`, {
      param: 'secret',
    });
  }
  const aad = bytesOrHex('contractId', contractId, 32);
  const random = options.random ?? randomBytes;
  const ephemeral = ephemeralKeyPair(random(32));
  const recipientX = montgomeryPublic('recipient', bytesOrHex('recipient', recipient, 32));
  const key = legacyKey(2, sharedSecret('recipient', ephemeral.secret, recipientX));
  const nonce = random(24);
  return {
    version: 2,
    ephemeral_pubkey: toB64(ephemeral.publicKey),
    nonce: toB64(nonce),
    ciphertext: toB64(xchacha20poly1305(key, nonce, aad).encrypt(plaintext)),
    aad: toB64(aad),
  };
}

/**
 * Opens a legacy v1 or v2 envelope with the recipient's 32-byte Ed25519 secret key. For v2 the
 * caller passes the contract id it expects; the blob's own `aad` must equal it and is otherwise
 * ignored. v1 has no binding to a contract.
 */
export function openLegacy(
  envelope: LegacyEnvelope | string,
  secretKey: Uint8Array | string,
  expected: { readonly contractId?: Uint8Array | string } = {},
): Uint8Array {
  const env = parseLegacy(envelope);
  const ephemeralPublic = fromB64('ephemeral_pubkey', env.ephemeral_pubkey, 32);
  const nonce = fromB64('nonce', env.nonce, 24);
  const ciphertext = fromB64('ciphertext', env.ciphertext);
  let aad: Uint8Array | undefined;
  if (env.version === 2) {
    if (expected.contractId === undefined) {
      throw new CryptoError(
        'context_mismatch',
        'a v2 envelope is bound to a contract: pass the expected "contractId"',
        { param: 'contractId' },
      );
    }
    aad = bytesOrHex('contractId', expected.contractId, 32);
    if (env.aad !== undefined && toB64(aad) !== env.aad) {
      throw new CryptoError('context_mismatch', 'envelope belongs to another contract', {
        param: 'contractId',
      });
    }
  }
  const recipientSecret = montgomerySecret(bytesOrHex('secretKey', secretKey, 32));
  const key = legacyKey(
    env.version,
    sharedSecret('ephemeral_pubkey', recipientSecret, ephemeralPublic),
  );
  try {
    return xchacha20poly1305(key, nonce, aad).decrypt(ciphertext);
  } catch (cause) {
    throw new CryptoError(
      'decryption_failed',
      'legacy envelope does not open: wrong key, wrong contract, or altered',
      { param: 'envelope', cause },
    );
  }
}

function legacyKey(version: 1 | 2, shared: Uint8Array): Uint8Array {
  return sha512(concatBytes(utf8(LABELS[version]), shared)).subarray(0, 32);
}

function parseLegacy(envelope: LegacyEnvelope | string): LegacyEnvelope {
  const value = parseJsonObject('envelope', envelope);
  const e = value as { v?: unknown; version?: unknown; aad?: unknown };
  if (e.version !== 1 && e.version !== 2) {
    throw new CryptoError(
      'unsupported_version',
      `legacy envelope version ${JSON.stringify(e.version ?? e.v)} is not 1 or 2`,
      { param: 'version' },
    );
  }
  if (e.aad !== undefined && typeof e.aad !== 'string')
    throw new CryptoError('invalid_format', '"aad" expected a base64 string', { param: 'aad' });
  return e as unknown as LegacyEnvelope;
}
