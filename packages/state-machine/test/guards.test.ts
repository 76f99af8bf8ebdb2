import { describe, expect, it } from 'vitest';
import {
  type ContractEvent,
  type ContractSnapshot,
  DEFAULT_TIMEOUTS,
  type GuardFailureReason,
  transition,
} from '../src/index';
import { actorOf, at, contractIn, HOUR, T0 } from './support/fixtures';

function refusedBecause(
  contract: ContractSnapshot,
  event: ContractEvent,
  now: Date,
  role: Parameters<typeof actorOf>[0],
  holdsLease = true,
): GuardFailureReason | 'ok' | string {
  const result = transition(contract, event, { now, actor: actorOf(role, holdsLease) });
  if (result.ok) return 'ok';
  return result.error.kind === 'GuardFailed' ? result.error.reason : result.error.kind;
}

describe('payment guard', () => {
  for (const status of ['pending', 'failed', 'disputed', 'refunded', 'charged_back'] as const) {
    it(`refuses accept while payment is ${status}`, () => {
      const c = contractIn('requested', { payment: { status, paid: 0n, refunded: 0n } });
      expect(refusedBecause(c, { type: 'accept' }, T0, 'provider')).toBe('payment_not_succeeded');
      expect(refusedBecause(c, { type: 'accept' }, T0, 'system')).toBe('payment_not_succeeded');
    });
  }
  it('refuses start_provisioning and provisioned unpaid', () => {
    const unpaid = { status: 'pending', paid: 0n, refunded: 0n } as const;
    expect(
      refusedBecause(
        contractIn('accepted', { payment: unpaid }),
        { type: 'start_provisioning' },
        T0,
        'agent',
      ),
    ).toBe('payment_not_succeeded');
    const delivered: ContractEvent = {
      type: 'provisioned',
      sealedCredentials: true,
      sshKeyAccess: true,
    };
    expect(
      refusedBecause(contractIn('provisioning', { payment: unpaid }), delivered, T0, 'agent'),
    ).toBe('payment_not_succeeded');
  });
});

describe('lease guard', () => {
  it('refuses an agent whose lease is gone, for every agent event', () => {
    expect(
      refusedBecause(contractIn('accepted'), { type: 'start_provisioning' }, T0, 'agent', false),
    ).toBe('lease_not_held');
    const delivered: ContractEvent = {
      type: 'provisioned',
      sealedCredentials: true,
      sshKeyAccess: false,
    };
    expect(refusedBecause(contractIn('provisioning'), delivered, T0, 'agent', false)).toBe(
      'lease_not_held',
    );
    const failed: ContractEvent = {
      type: 'provisioning_failed',
      reason: 'x',
      retryable: false,
      attemptsLeft: 0,
    };
    expect(refusedBecause(contractIn('provisioning'), failed, T0, 'agent', false)).toBe(
      'lease_not_held',
    );
  });
});

describe('delivery guard', () => {
  it('refuses provisioned without sealed credentials or key access', () => {
    const event: ContractEvent = {
      type: 'provisioned',
      sealedCredentials: false,
      sshKeyAccess: false,
    };
    expect(refusedBecause(contractIn('provisioning'), event, T0, 'agent')).toBe(
      'no_access_delivered',
    );
  });
  it('accepts key-only access', () => {
    const event: ContractEvent = {
      type: 'provisioned',
      sealedCredentials: false,
      sshKeyAccess: true,
    };
    expect(refusedBecause(contractIn('provisioning'), event, T0, 'agent')).toBe('ok');
  });
});

describe('provisioning failure guards', () => {
  const leased = (firstLeasedAt: Date | null, leaseExpiresAt: Date | null) =>
    contractIn('provisioning', { provisionJob: { firstLeasedAt, leaseExpiresAt } });

  it('refuses a retryable agent failure with attempts left', () => {
    const c = leased(T0, at(1));
    expect(
      refusedBecause(
        c,
        { type: 'provisioning_failed', reason: 'x', retryable: true, attemptsLeft: 2 },
        T0,
        'agent',
      ),
    ).toBe('failure_retryable');
    expect(refusedBecause(c, { type: 'provisioning_failed', reason: 'x' }, T0, 'agent')).toBe(
      'failure_retryable',
    );
  });
  it('accepts the final agent failure', () => {
    const c = leased(T0, at(1));
    expect(
      refusedBecause(
        c,
        { type: 'provisioning_failed', reason: 'x', retryable: true, attemptsLeft: 0 },
        T0,
        'agent',
      ),
    ).toBe('ok');
    expect(
      refusedBecause(
        c,
        { type: 'provisioning_failed', reason: 'x', retryable: false },
        T0,
        'agent',
      ),
    ).toBe('ok');
  });
  it('lets the system time provisioning out only after the timeout and with no live lease', () => {
    const event: ContractEvent = { type: 'provisioning_failed', reason: 'timeout' };
    const limit = DEFAULT_TIMEOUTS.provisioningMs;
    expect(refusedBecause(leased(null, null), event, at(100), 'system')).toBe(
      'provisioning_not_started',
    );
    expect(
      refusedBecause(leased(T0, null), event, new Date(T0.getTime() + limit - 1), 'system'),
    ).toBe('provisioning_timeout_not_reached');
    expect(refusedBecause(leased(T0, at(2)), event, new Date(T0.getTime() + limit), 'system')).toBe(
      'lease_still_active',
    );
    expect(
      refusedBecause(leased(T0, at(0.5)), event, new Date(T0.getTime() + limit), 'system'),
    ).toBe('ok');
  });
});

describe('activation guard', () => {
  const c = contractIn('provisioned', { termStart: T0 });
  it('requires a cause from the system', () => {
    expect(refusedBecause(c, { type: 'activate' }, at(1), 'system')).toBe(
      'activation_cause_missing',
    );
  });
  it('waits for the delivery grace period', () => {
    const grace = DEFAULT_TIMEOUTS.deliveryGraceMs;
    const event: ContractEvent = { type: 'activate', cause: 'grace_period' };
    expect(refusedBecause(c, event, new Date(T0.getTime() + grace - 1), 'system')).toBe(
      'delivery_grace_not_elapsed',
    );
    expect(refusedBecause(c, event, new Date(T0.getTime() + grace), 'system')).toBe('ok');
  });
  it('takes the renter at their word', () => {
    expect(refusedBecause(c, { type: 'activate' }, T0, 'renter')).toBe('ok');
  });
});

describe('admin cancel guards', () => {
  it('requires a reason', () => {
    expect(
      refusedBecause(
        contractIn('active'),
        { type: 'admin_cancel', reason: '  ', refund: 0n },
        T0,
        'admin',
      ),
    ).toBe('reason_required');
  });
  it('caps the refund at paid - refunded', () => {
    const c = contractIn('active', {
      payment: { status: 'partially_refunded', paid: 1000n, refunded: 400n },
    });
    expect(
      refusedBecause(c, { type: 'admin_cancel', reason: 'r', refund: 601n }, T0, 'admin'),
    ).toBe('refund_exceeds_refundable');
    expect(
      refusedBecause(c, { type: 'admin_cancel', reason: 'r', refund: 600n }, T0, 'admin'),
    ).toBe('ok');
    expect(refusedBecause(c, { type: 'admin_cancel', reason: 'r', refund: -1n }, T0, 'admin')).toBe(
      'refund_negative',
    );
  });
  it('refuses a refund while the payment is disputed', () => {
    const c = contractIn('paused', { payment: { status: 'disputed', paid: 1000n, refunded: 0n } });
    expect(refusedBecause(c, { type: 'admin_cancel', reason: 'r', refund: 1n }, T0, 'admin')).toBe(
      'refund_during_dispute',
    );
    expect(refusedBecause(c, { type: 'admin_cancel', reason: 'r', refund: 0n }, T0, 'admin')).toBe(
      'ok',
    );
  });
});

describe('request timeout guard', () => {
  const { unacceptedRequestMs, unpaidRequestMs } = DEFAULT_TIMEOUTS;
  const after = (ms: number) => new Date(T0.getTime() + ms);
  it('waits 24 h for a paid request', () => {
    const c = contractIn('requested');
    expect(
      refusedBecause(c, { type: 'request_timeout' }, after(unacceptedRequestMs - 1), 'system'),
    ).toBe('request_timeout_not_reached');
    expect(
      refusedBecause(c, { type: 'request_timeout' }, after(unacceptedRequestMs), 'system'),
    ).toBe('ok');
  });
  it('waits 1 h for an unpaid one', () => {
    const c = contractIn('requested', { payment: { status: 'pending', paid: 0n, refunded: 0n } });
    expect(
      refusedBecause(c, { type: 'request_timeout' }, after(unpaidRequestMs - 1), 'system'),
    ).toBe('request_timeout_not_reached');
    expect(refusedBecause(c, { type: 'request_timeout' }, after(unpaidRequestMs), 'system')).toBe(
      'ok',
    );
  });
  it('leaves an accepted contract whose job was leased to the provisioning timeout', () => {
    const c = contractIn('accepted', {
      provisionJob: { firstLeasedAt: at(2), leaseExpiresAt: null },
    });
    expect(refusedBecause(c, { type: 'request_timeout' }, at(100), 'system')).toBe(
      'provisioning_started',
    );
  });
  it('honours configured timeouts', () => {
    const c = contractIn('requested');
    const timeouts = { ...DEFAULT_TIMEOUTS, unacceptedRequestMs: HOUR };
    const result = transition(
      c,
      { type: 'request_timeout' },
      { now: at(1), actor: actorOf('system'), timeouts },
    );
    expect(result.ok).toBe(true);
  });
});

describe('term end guard', () => {
  it('fires at the term end and not before', () => {
    const c = contractIn('active', { termEnd: at(721) });
    expect(refusedBecause(c, { type: 'term_end' }, new Date(at(721).getTime() - 1), 'system')).toBe(
      'term_end_not_reached',
    );
    expect(refusedBecause(c, { type: 'term_end' }, at(721), 'system')).toBe('ok');
    expect(
      refusedBecause(
        contractIn('active', { termEnd: null }),
        { type: 'term_end' },
        at(721),
        'system',
      ),
    ).toBe('term_not_started');
  });
});

describe('resume guard', () => {
  it('refuses to guess where a pause came from', () => {
    expect(
      refusedBecause(contractIn('paused', { pausedFrom: null }), { type: 'resume' }, T0, 'system'),
    ).toBe('paused_from_unknown');
  });
});

describe('extension guard', () => {
  const paid: ContractEvent = {
    type: 'extend',
    segment: { hours: 24n, amount: 33n },
    payment: { status: 'succeeded', amount: 33n },
  };
  it('refuses more time while the contract payment is disputed', () => {
    const c = contractIn('active', { payment: { status: 'disputed', paid: 1000n, refunded: 0n } });
    expect(refusedBecause(c, paid, T0, 'renter')).toBe('contract_payment_not_settled');
  });
  it('refuses zero hours and negative amounts', () => {
    const zero: ContractEvent = {
      type: 'extend',
      segment: { hours: 0n, amount: 0n },
      payment: { status: 'succeeded', amount: 0n },
    };
    const negative: ContractEvent = {
      type: 'extend',
      segment: { hours: 1n, amount: -1n },
      payment: { status: 'succeeded', amount: -1n },
    };
    expect(refusedBecause(contractIn('active'), zero, T0, 'renter')).toBe(
      'extension_hours_invalid',
    );
    expect(refusedBecause(contractIn('active'), negative, T0, 'renter')).toBe(
      'extension_amount_invalid',
    );
  });
});
