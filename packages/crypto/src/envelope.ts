import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { assertBytes, bytesOrHex, concatBytes, fromB64url, toB64url, utf8 } from './_bytes';
import { parseJsonObject } from './_json';
import { type RandomSource, randomBytes } from './_random';
import { ephemeralKeyPair, montgomeryPublic, montgomerySecret, sharedSecret } from './_x25519';
import { CryptoError } from './errors';

/** Domain tag of envelope v3: HKDF info and the start of the content AAD. */
export const ENVELOPE_V3_TAG = 'dc-credential-v3';
/** Largest secret an envelope carries (64 KiB): credentials, not files. */
export const MAX_SECRET_BYTES = 65_536;
/** Most recipient keys per envelope: an account has at most 10 active keys. */
export const MAX_RECIPIENTS = 10;

/** What a secret is bound to; `open` must be told the same values. */
export interface EnvelopeContext {
  /** The contract the secret belongs to. */
  readonly contractId: string;
  /** What the secret is, e.g. `root_password`. */
  readonly purpose: string;
}

/** One recipient's wrapped copy of the content key. */
export interface EnvelopeRecipient {
  /** base64url of the first 8 bytes of SHA-256(recipient Ed25519 public key): which slot to try. */
  readonly kid: string;
  /** base64url 24-byte nonce of the key wrap. */
  readonly nonce: string;
  /** base64url XChaCha20-Poly1305(wrap key, content key), 32 + 16 bytes. */
  readonly wrapped_key: string;
}

/** A credential envelope v3, as serialised to JSON. */
export interface EnvelopeV3 {
  readonly v: 3;
  /** base64url ephemeral X25519 public key, shared by all recipients. */
  readonly epk: string;
  readonly recipients: readonly EnvelopeRecipient[];
  /** base64url 24-byte content nonce. */
  readonly nonce: string;
  /** base64url XChaCha20-Poly1305 ciphertext with its 16-byte tag. */
  readonly ciphertext: string;
}

/** Options of {@link seal}. */
export interface SealOptions extends EnvelopeContext {
  /** For published test vectors only: a deterministic byte source. */
  readonly random?: RandomSource;
}

const CONTEXT_FIELD = /^[\x21-\x7e]{1,256}$/;

/**
 * Seals `secret` so that any one of `recipients` (Ed25519 public keys: every active key of the
 * renter's account) can open it, bound to a contract and a purpose. One ephemeral X25519 key;
 * per recipient: X25519 with the key's Montgomery form (low-order points refused), HKDF-SHA256
 * (salt = epk || recipient X25519 key, info = `dc-credential-v3`) wraps a random content key;
 * the content is XChaCha20-Poly1305 with AAD = `dc-credential-v3` 0x00 contractId 0x00 purpose.
 */
export function seal(
  secret: Uint8Array | string,
  recipients: readonly (Uint8Array | string)[],
  options: SealOptions,
): EnvelopeV3 {
  const plaintext = typeof secret === 'string' ? utf8(secret) : assertBytes('secret', secret);
  if (plaintext.length === 0 || plaintext.length > MAX_SECRET_BYTES) {
    throw new CryptoError(
      'too_large',
      `"secret" must be 1..${MAX_SECRET_BYTES} bytes, got ${plaintext.length}`,
      { param: 'secret' },
    );
  }
  const keys = uniqueRecipients(recipients);
  const aad = contentAad(options);
  const random = options.random ?? randomBytes;
  const ephemeral = ephemeralKeyPair(random(32));
  const contentKey = random(32);
  const wrapped: EnvelopeRecipient[] = keys.map((publicKey, i) => {
    const recipientX = montgomeryPublic(`recipients[${i}]`, publicKey);
    const wrapKey = deriveWrapKey(
      sharedSecret(`recipients[${i}]`, ephemeral.secret, recipientX),
      ephemeral.publicKey,
      recipientX,
    );
    const nonce = random(24);
    return {
      kid: keyId(publicKey),
      nonce: toB64url(nonce),
      wrapped_key: toB64url(
        xchacha20poly1305(wrapKey, nonce, ephemeral.publicKey).encrypt(contentKey),
      ),
    };
  });
  const nonce = random(24);
  const ciphertext = xchacha20poly1305(contentKey, nonce, aad).encrypt(plaintext);
  return {
    v: 3,
    epk: toB64url(ephemeral.publicKey),
    recipients: wrapped,
    nonce: toB64url(nonce),
    ciphertext: toB64url(ciphertext),
  };
}

/**
 * A recipient's key material, derived once from its Ed25519 secret key: worth keeping when one
 * key opens many envelopes (a dashboard listing credentials), since deriving it costs about as
 * much as the X25519 of an `open`.
 */
export interface RecipientKey {
  readonly kind: 'dc-recipient-key';
  readonly kid: string;
  readonly x25519Secret: Uint8Array;
  readonly x25519Public: Uint8Array;
}

/** Derives the {@link RecipientKey} of an Ed25519 secret key (32 bytes or hex). */
export function recipientKey(secretKey: Uint8Array | string): RecipientKey {
  const ed25519Secret = bytesOrHex('secretKey', secretKey, 32);
  const publicKey = ed25519.getPublicKey(ed25519Secret);
  return Object.freeze({
    kind: 'dc-recipient-key',
    kid: keyId(publicKey),
    x25519Secret: montgomerySecret(ed25519Secret),
    x25519Public: montgomeryPublic('secretKey', publicKey),
  });
}

/**
 * Opens a v3 envelope with one recipient's Ed25519 secret key (or its {@link RecipientKey}). `context` is what the caller
 * expects (the contract it asked for, the purpose it wants); nothing from the blob is trusted
 * as AAD, so an envelope moved to another contract or purpose fails with `decryption_failed`.
 * Returns the secret bytes (use `new TextDecoder().decode(...)` for a password).
 */
export function open(
  envelope: EnvelopeV3 | string,
  secretKey: Uint8Array | string | RecipientKey,
  context: EnvelopeContext,
): Uint8Array {
  const env = parseEnvelope(envelope);
  const aad = contentAad(context);
  const me = isRecipientKey(secretKey) ? secretKey : recipientKey(secretKey);
  const epk = fromB64url('epk', env.epk, 32);
  const slots = env.recipients.filter((r) => r.kid === me.kid);
  if (slots.length === 0) {
    throw new CryptoError(
      'not_a_recipient',
      'this key is not one of the envelope recipients; open it with another key of the account',
      {
        param: 'secretKey',
      },
    );
  }
  const wrapKey = deriveWrapKey(sharedSecret('epk', me.x25519Secret, epk), epk, me.x25519Public);
  for (const slot of slots) {
    const contentKey = tryDecrypt(
      wrapKey,
      fromB64url('recipients.nonce', slot.nonce, 24),
      epk,
      fromB64url('recipients.wrapped_key', slot.wrapped_key, 48),
    );
    if (contentKey === null) continue;
    const plaintext = tryDecrypt(
      contentKey,
      fromB64url('nonce', env.nonce, 24),
      aad,
      fromB64url('ciphertext', env.ciphertext),
    );
    if (plaintext !== null) return plaintext;
  }
  throw new CryptoError(
    'decryption_failed',
    'envelope does not open: it was altered, or it belongs to another contract or purpose',
    {
      param: 'envelope',
    },
  );
}

function isRecipientKey(value: unknown): value is RecipientKey {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'dc-recipient-key'
  );
}

function parseEnvelope(envelope: EnvelopeV3 | string): EnvelopeV3 {
  const value = parseJsonObject('envelope', envelope);
  const e = value as { v?: unknown; version?: unknown; recipients?: unknown };
  if (e.v !== 3) {
    throw new CryptoError(
      'unsupported_version',
      `envelope version ${JSON.stringify(e.v ?? e.version)} is not v3; use openLegacy for v1/v2`,
      { param: 'v' },
    );
  }
  if (
    !Array.isArray(e.recipients) ||
    e.recipients.length === 0 ||
    e.recipients.length > MAX_RECIPIENTS
  ) {
    throw new CryptoError('invalid_format', `"recipients" expected 1..${MAX_RECIPIENTS} entries`, {
      param: 'recipients',
    });
  }
  for (const [i, r] of (e.recipients as unknown[]).entries()) {
    const slot = r as { kid?: unknown; nonce?: unknown; wrapped_key?: unknown } | null;
    if (
      typeof slot !== 'object' ||
      slot === null ||
      typeof slot.kid !== 'string' ||
      typeof slot.nonce !== 'string' ||
      typeof slot.wrapped_key !== 'string'
    ) {
      throw new CryptoError(
        'invalid_format',
        `"recipients[${i}]" expected {kid, nonce, wrapped_key} strings`,
        { param: `recipients[${i}]` },
      );
    }
  }
  return e as unknown as EnvelopeV3;
}

function contentAad(context: EnvelopeContext): Uint8Array {
  for (const param of ['contractId', 'purpose'] as const) {
    const value: unknown = context?.[param];
    if (typeof value !== 'string' || !CONTEXT_FIELD.test(value)) {
      throw new CryptoError(
        'invalid_format',
        `"${param}" expected 1..256 printable ASCII characters without spaces`,
        { param },
      );
    }
  }
  // NUL separators keep the encoding unambiguous ("ab"+"c" differs from "a"+"bc"); the
  // context fields cannot contain NUL.
  return concatBytes(
    utf8(ENVELOPE_V3_TAG),
    new Uint8Array([0]),
    utf8(context.contractId),
    new Uint8Array([0]),
    utf8(context.purpose),
  );
}

function deriveWrapKey(shared: Uint8Array, epk: Uint8Array, recipientX: Uint8Array): Uint8Array {
  return hkdf(sha256, shared, concatBytes(epk, recipientX), utf8(ENVELOPE_V3_TAG), 32);
}

function tryDecrypt(
  key: Uint8Array,
  nonce: Uint8Array,
  aad: Uint8Array,
  ciphertext: Uint8Array,
): Uint8Array | null {
  try {
    return xchacha20poly1305(key, nonce, aad).decrypt(ciphertext);
  } catch {
    return null;
  }
}

function uniqueRecipients(recipients: readonly (Uint8Array | string)[]): Uint8Array[] {
  if (!Array.isArray(recipients) || recipients.length === 0 || recipients.length > MAX_RECIPIENTS) {
    throw new CryptoError(
      'invalid_length',
      `"recipients" expected 1..${MAX_RECIPIENTS} Ed25519 public keys`,
      { param: 'recipients' },
    );
  }
  const seen = new Map<string, Uint8Array>();
  recipients.forEach((r, i) => {
    const key = bytesOrHex(`recipients[${i}]`, r, 32);
    seen.set(keyId(key), key);
  });
  return [...seen.values()];
}

/** The recipient slot id of an Ed25519 public key. */
export function keyId(ed25519PublicKey: Uint8Array): string {
  return toB64url(sha256(ed25519PublicKey).subarray(0, 8));
}
