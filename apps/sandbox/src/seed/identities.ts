import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSeedPhrase, type Identity, identityFromSeedPhrase } from '@dc/crypto';

/** The sandbox's own accounts. */
export const SANDBOX_ROLES = ['renter', 'provider', 'admin'] as const;
export type SandboxRole = (typeof SANDBOX_ROLES)[number];

/** Usernames of the sandbox accounts (each sandbox has its own database). */
export const SANDBOX_USERNAMES: Readonly<Record<SandboxRole, string>> = {
  renter: 'sandbox-renter',
  provider: 'sandbox-provider',
  admin: 'sandbox-admin',
};

/** A sandbox account's seed phrase, as kept in `<dataDir>/sandbox/<role>.json` (mode 0600). */
export interface SandboxIdentity {
  readonly username: string;
  readonly seedPhrase: string;
  readonly identity: Identity;
}

interface IdentityFile {
  readonly username: string;
  readonly seed_phrase: string;
  readonly public_key: string;
  readonly note: string;
}

/**
 * The identity of `role`: read from its file, or generated and written now (mode 0600, never
 * overwritten), before any account exists, so a start cut short keeps the same phrase.
 */
export function loadOrCreateIdentity(folder: string, role: SandboxRole): SandboxIdentity {
  const path = join(folder, `${role}.json`);
  if (existsSync(path)) {
    const file = JSON.parse(readFileSync(path, 'utf8')) as IdentityFile;
    return {
      username: file.username,
      seedPhrase: file.seed_phrase,
      identity: identityFromSeedPhrase(file.seed_phrase),
    };
  }
  const seedPhrase = generateSeedPhrase();
  const identity = identityFromSeedPhrase(seedPhrase);
  const file: IdentityFile = {
    username: SANDBOX_USERNAMES[role],
    seed_phrase: seedPhrase,
    public_key: identity.publicKeyHex,
    note: 'LOCAL SANDBOX account: sign in to the local dashboard with this seed phrase. It holds only sandbox test money.',
  };
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return { username: file.username, seedPhrase, identity };
}
