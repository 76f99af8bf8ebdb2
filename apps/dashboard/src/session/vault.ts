/**
 * A seed phrase encrypted under a passphrase with WebCrypto only: PBKDF2-SHA-256 (600 000
 * iterations, OWASP 2023) derives an AES-256-GCM key from the passphrase and a random salt.
 * GCM's tag makes a wrong passphrase fail instead of yielding garbage.
 */
export interface SealedPhrase {
  readonly v: 1;
  readonly kdf: 'PBKDF2-SHA256';
  readonly iterations: number;
  /** base64 of 16 random bytes. */
  readonly salt: string;
  /** base64 of the 12-byte AES-GCM nonce. */
  readonly iv: string;
  /** base64 of the ciphertext and tag. */
  readonly ciphertext: string;
}

const ITERATIONS = 600_000;

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function deriveKey(passphrase: string, salt: Uint8Array, iterations: number) {
  const material = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(passphrase),
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** Encrypts `phrase` under `passphrase`. */
export async function sealPhrase(phrase: string, passphrase: string): Promise<SealedPhrase> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await deriveKey(passphrase, salt, ITERATIONS);
  const ciphertext = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(phrase)),
  );
  return {
    v: 1,
    kdf: 'PBKDF2-SHA256',
    iterations: ITERATIONS,
    salt: toBase64(salt),
    iv: toBase64(iv),
    ciphertext: toBase64(ciphertext),
  };
}

/** Thrown by {@link openPhrase} when the passphrase is not the one it was sealed with. */
export class WrongPassphraseError extends Error {
  override name = 'WrongPassphraseError';
  constructor() {
    super('That passphrase does not unlock this account.');
  }
}

/** Decrypts a {@link SealedPhrase}; {@link WrongPassphraseError} for a wrong passphrase. */
export async function openPhrase(sealed: SealedPhrase, passphrase: string): Promise<string> {
  const key = await deriveKey(passphrase, fromBase64(sealed.salt), sealed.iterations);
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64(sealed.iv) as BufferSource },
      key,
      fromBase64(sealed.ciphertext) as BufferSource,
    );
    return new TextDecoder().decode(plain);
  } catch {
    throw new WrongPassphraseError();
  }
}
