import { createHash, randomBytes } from 'node:crypto';

/** Tokens look like `dct_` + 43 base64url characters (256 random bits). */
const PREFIX = 'dct_';
const SHAPE = /^dct_[A-Za-z0-9_-]{43}$/;

/** A new token: the secret to show once, its stored hash, and a recognisable prefix. */
export function mintApiToken(): { token: string; hash: string; prefix: string } {
  const token = PREFIX + randomBytes(32).toString('base64url');
  return { token, hash: hashApiToken(token), prefix: token.slice(0, 12) };
}

/**
 * Only this hash is stored. A plain SHA-256 suffices (no slow KDF): the token is 256 random bits,
 * so there is nothing to brute-force, and the lookup must be one indexed equality.
 */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function looksLikeApiToken(value: string): boolean {
  return SHAPE.test(value);
}
