import { type ContractSnapshot, transition } from '@dc/state-machine';

const contract: ContractSnapshot = {
  status: 'requested',
  pausedFrom: null,
  payment: { status: 'succeeded', paid: 1000n, refunded: 0n },
  requestedAt: new Date('2026-01-01T00:00:00Z'),
  termStart: null,
  termEnd: null,
  provisionJob: null,
};

const result = transition(
  contract,
  { type: 'accept' },
  {
    now: new Date('2026-01-01T00:05:00Z'),
    actor: { role: 'provider', key: 'provider-public-key' },
  },
);

if (result.ok) {
  console.log(result.status); // 'accepted'
  console.log(result.effects); // [{ type: 'enqueue', job: 'provision' }]
} else {
  console.log(result.error.kind, result.error.message);
}
