import { describe } from './_bytes';
import { CryptoError } from './errors';

/**
 * Remembers (key, nonce) pairs so a signed request cannot be replayed inside its timestamp
 * window. The API's implementation is a Postgres table with a unique `(key, nonce)` shared by
 * every instance; `MemoryReplayGuard` is for one process and tests.
 */
export interface ReplayGuard {
  /**
   * Records the pair and returns `true` if it was not seen before; `false` for a replay.
   * `expiresAt` (ms) is the last instant the pair's timestamp can pass the window check (the
   * window is inclusive), so the pair must be kept through `expiresAt` and may be forgotten
   * only once `now > expiresAt`. `now` is the verifier's clock, the same one the window used.
   */
  remember(key: string, nonce: string, expiresAt: number, now: number): Promise<boolean> | boolean;
}

/** Options of {@link MemoryReplayGuard}. */
export interface MemoryReplayGuardOptions {
  /** Most pairs held at once (default 100 000). */
  readonly maxEntries?: number;
}

/**
 * In-process replay guard with expiry and a size bound. When full of unexpired pairs it refuses
 * new ones (throws `CryptoError` `too_large`) rather than forgetting a pair early, which would
 * reopen a replay window: failing closed is the safe direction.
 */
export class MemoryReplayGuard implements ReplayGuard {
  readonly #seen = new Map<string, number>();
  readonly #maxEntries: number;

  constructor(options: MemoryReplayGuardOptions = {}) {
    const max = options.maxEntries ?? 100_000;
    if (!Number.isSafeInteger(max) || max < 1) {
      throw new CryptoError(
        'invalid_length',
        `"maxEntries" expected a positive integer, got ${describe(max)}`,
        { param: 'maxEntries' },
      );
    }
    this.#maxEntries = max;
  }

  /** Pairs held now (expired ones are dropped lazily). */
  get size(): number {
    return this.#seen.size;
  }

  remember(key: string, nonce: string, expiresAt: number, now: number): boolean {
    const id = `${key}:${nonce}`;
    const known = this.#seen.get(id);
    if (known !== undefined && known >= now) return false;
    if (this.#seen.size >= this.#maxEntries) this.#sweep(now);
    if (this.#seen.size >= this.#maxEntries) {
      throw new CryptoError(
        'too_large',
        `replay guard is full (${this.#maxEntries} unexpired nonces); refusing rather than forgetting one early`,
      );
    }
    this.#seen.set(id, expiresAt);
    return true;
  }

  #sweep(now: number): void {
    for (const [id, expiresAt] of this.#seen) if (expiresAt < now) this.#seen.delete(id);
  }
}
