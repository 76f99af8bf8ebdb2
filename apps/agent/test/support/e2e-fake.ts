import type { FakeHttpServer, FakeLogEntry } from '@dc/provisioners/testing';

/** Called for every request a fake cloud answers, when it is logged (before the answer). */
export type FakeRequestListener = (entry: FakeLogEntry) => void;

/**
 * Calls `listener` synchronously as each request is logged by the fake: the fake logs just
 * before it writes the answer, so a listener that kills the agent there kills it with the
 * request done at the cloud and the answer not yet received ("crash after create"). Works on
 * the fakes as they are, by watching their request log. Returns a function that stops it.
 */
export function watchFakeRequests(http: FakeHttpServer, listener: FakeRequestListener): () => void {
  const log = http.log;
  const push = log.push;
  let active = true;
  log.push = function (this: FakeLogEntry[], ...entries: FakeLogEntry[]): number {
    const length = push.apply(this, entries);
    if (active) for (const entry of entries) listener(entry);
    return length;
  };
  return () => {
    active = false;
  };
}

/** A seeded pseudo-random number generator (mulberry32): the same seed, the same run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
