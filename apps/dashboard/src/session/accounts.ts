import type { SealedPhrase } from './vault';

/** An account remembered on this device; the phrase only ever stored encrypted. */
export interface SavedAccount {
  readonly publicKeyHex: string;
  /** The username when known (set after sign-in), else a short key fingerprint. */
  readonly label: string;
  readonly sealed: SealedPhrase;
}

const KEY = 'dc.accounts.v1';

/** The accounts saved in this browser, newest first. */
export function loadAccounts(): SavedAccount[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as SavedAccount[]) : [];
  } catch {
    return [];
  }
}

/** Adds or replaces (same key) an account. */
export function saveAccount(account: SavedAccount): void {
  const rest = loadAccounts().filter((a) => a.publicKeyHex !== account.publicKeyHex);
  localStorage.setItem(KEY, JSON.stringify([account, ...rest]));
}

/** Renames a saved account (its username once known). */
export function relabelAccount(publicKeyHex: string, label: string): void {
  const accounts = loadAccounts().map((a) =>
    a.publicKeyHex === publicKeyHex ? { ...a, label } : a,
  );
  localStorage.setItem(KEY, JSON.stringify(accounts));
}

/** Forgets an account on this device (the account itself stays on the platform). */
export function forgetAccount(publicKeyHex: string): void {
  const rest = loadAccounts().filter((a) => a.publicKeyHex !== publicKeyHex);
  localStorage.setItem(KEY, JSON.stringify(rest));
}
