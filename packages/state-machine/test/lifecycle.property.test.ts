import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONTRACT_STATUSES, type ContractStatus } from '../src/index';
import { lifecycleProperties } from './support/lifecycle-properties';
import { play, steps } from './support/model';

describe('lifecycle properties', () => {
  lifecycleProperties(300, 40);

  // Guards the properties above against passing vacuously: the random histories must actually
  // reach every status, or "never reaches X unpaid" says nothing.
  it('random histories reach every status', () => {
    const reached = new Set<ContractStatus>();
    for (const s of fc.sample(steps(40), { numRuns: 300, seed: 42 }))
      play(s, ({ after }) => reached.add(after.status));
    expect([...reached].sort()).toEqual([...CONTRACT_STATUSES].sort());
  });
});
