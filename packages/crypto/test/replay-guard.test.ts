import { describe, expect, it } from 'vitest';
import { CryptoError, MemoryReplayGuard } from '../src/index';

describe('MemoryReplayGuard', () => {
  it('remembers a pair through its expiry instant (the window is inclusive), then forgets it', () => {
    const guard = new MemoryReplayGuard();
    expect(guard.remember('k', 'n', 2000, 1000)).toBe(true);
    expect(guard.remember('k', 'n', 2000, 2000)).toBe(false);
    expect(guard.remember('other-key', 'n', 2000, 1000)).toBe(true);
    expect(guard.remember('k', 'n', 3000, 2001)).toBe(true);
  });

  it('sweeps expired pairs when full', () => {
    const guard = new MemoryReplayGuard({ maxEntries: 2 });
    guard.remember('k', 'a', 10, 0);
    guard.remember('k', 'b', 10, 0);
    expect(guard.remember('k', 'c', 20, 11)).toBe(true);
    expect(guard.size).toBe(1);
  });

  it('fails closed when full of unexpired pairs instead of forgetting one early', () => {
    const guard = new MemoryReplayGuard({ maxEntries: 2 });
    guard.remember('k', 'a', 10, 0);
    guard.remember('k', 'b', 10, 0);
    expect(() => guard.remember('k', 'c', 10, 0)).toThrow(CryptoError);
    expect(guard.remember('k', 'a', 10, 0)).toBe(false);
  });

  it('validates its size bound', () => {
    expect(() => new MemoryReplayGuard({ maxEntries: 0 })).toThrow(
      /"maxEntries" expected a positive integer/,
    );
  });
});
