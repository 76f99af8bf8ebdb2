import { createHash, randomBytes } from 'node:crypto';

/** Setup tokens look like `dcs_` + 43 base64url characters (256 random bits). */
const PREFIX = 'dcs_';

/** A new setup token: the secret to show once, its stored hash, and a recognisable prefix. */
export function mintSetupToken(): { token: string; hash: string; prefix: string } {
  const token = PREFIX + randomBytes(32).toString('base64url');
  return { token, hash: hashSetupToken(token), prefix: token.slice(0, 10) };
}

/**
 * Only this hash is stored. Plain SHA-256 suffices: the token is 256 random bits (nothing to
 * brute-force) and registration looks it up with one indexed equality.
 */
export function hashSetupToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
