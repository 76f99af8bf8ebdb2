import { describe } from 'vitest';
import { lifecycleProperties } from './support/lifecycle-properties';

// A fixed number of runs is the point of this file, not its speed: on a loaded shared machine
// (CI runs every package at once) it has taken 80-136 s, so it gets 10 minutes, not the slow
// project's 2.
describe('lifecycle properties, long run', { timeout: 10 * 60_000 }, () =>
  lifecycleProperties(3_000, 80),
);
