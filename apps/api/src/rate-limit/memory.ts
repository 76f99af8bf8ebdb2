import { decide, type RateDecision, type RateLimiter } from './limiter';

/** In-process counters; old windows are dropped as new ones start. */
export class MemoryRateLimiter implements RateLimiter {
  readonly #windows = new Map<string, { start: number; hits: number }>();

  async hit(bucket: string, limit: number, windowMs: number, now: number): Promise<RateDecision> {
    const start = now - (now % windowMs);
    let window = this.#windows.get(bucket);
    if (!window || window.start !== start) {
      if (this.#windows.size > 100_000) this.#evict(start);
      window = { start, hits: 0 };
      this.#windows.set(bucket, window);
    }
    window.hits += 1;
    return decide(window.hits, limit, start, windowMs, now);
  }

  #evict(currentStart: number): void {
    for (const [bucket, window] of this.#windows) {
      if (window.start < currentStart) this.#windows.delete(bucket);
    }
  }
}
