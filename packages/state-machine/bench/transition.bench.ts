import { bench, describe } from 'vitest';
import { type ContractEvent, type ContractSnapshot, transition } from '../src/index';

const now = new Date('2026-01-02T00:00:00Z');
const requested: ContractSnapshot = {
  status: 'requested',
  pausedFrom: null,
  payment: { status: 'succeeded', paid: 1000n, refunded: 0n },
  requestedAt: new Date('2026-01-01T00:00:00Z'),
  termStart: null,
  termEnd: null,
  provisionJob: null,
};
const active: ContractSnapshot = {
  ...requested,
  status: 'active',
  termStart: now,
  termEnd: new Date('2026-02-01T00:00:00Z'),
};
const accept: ContractEvent = { type: 'accept' };
const extend: ContractEvent = {
  type: 'extend',
  segment: { hours: 24n, amount: 33n },
  payment: { status: 'succeeded', amount: 33n },
};
const provider = { now, actor: { role: 'provider', key: 'p' } } as const;
const renter = { now, actor: { role: 'renter', key: 'r' } } as const;

// Baseline: the least any transition function must do (allocate a result with an effect list
// and a history row). `transition` is reported as a ratio against it.
function baseline(contract: ContractSnapshot) {
  return {
    ok: true,
    status: contract.status,
    effects: [{ type: 'enqueue', job: 'provision' }],
    history: {
      from: contract.status,
      to: contract.status,
      event: 'accept',
      actor: provider.actor,
      at: now,
      memo: null,
    },
  };
}

let sink: unknown;

describe('transition', () => {
  bench('baseline: allocate a result', () => {
    sink = baseline(requested);
  });
  bench('transition: accept (1 guard, 1 effect)', () => {
    sink = transition(requested, accept, provider);
  });
  bench('transition: extend (payment guard, segment effect)', () => {
    sink = transition(active, extend, renter);
  });
  bench('transition: refused (illegal from active)', () => {
    sink = transition(active, accept, provider);
  });
});

export { sink };
