import { describe, expect, it } from 'vitest';
import {
  ACTOR_ROLES,
  CONTRACT_EVENT_TYPES,
  CONTRACT_STATUSES,
  type ContractEvent,
  TRANSITIONS,
  transition,
  transitionPayment,
} from '../src/index';
import { actorOf, at, contractIn, favourable } from './support/fixtures';

// Each block names the item of shared/spec/never-again.md it makes impossible.

describe('never-again 1: extending without paying', () => {
  it('refuses an extension whose payment did not succeed or does not match the segment', () => {
    const unpaid: ContractEvent = {
      type: 'extend',
      segment: { hours: 720n, amount: 1000n },
      payment: { status: 'pending', amount: 1000n },
    };
    const short: ContractEvent = {
      type: 'extend',
      segment: { hours: 720n, amount: 1000n },
      payment: { status: 'succeeded', amount: 1n },
    };
    for (const event of [unpaid, short]) {
      const r = transition(contractIn('active'), event, { now: at(5), actor: actorOf('renter') });
      expect(r.ok).toBe(false);
    }
  });
});

describe('never-again 2: a client-chosen test payment outside sandbox mode', () => {
  it('refuses the sandbox rail unless the platform runs in sandbox mode', () => {
    const pending = { status: 'pending', paid: 0n, refunded: 0n } as const;
    const event = { type: 'payment_succeeded', amount: 1000n, rail: 'sandbox' } as const;
    const live = transitionPayment(pending, event, { sandboxMode: false });
    expect(live.ok).toBe(false);
    if (!live.ok) expect(live.error.code).toBe('sandbox_rail_outside_sandbox');
    expect(transitionPayment(pending, event, { sandboxMode: true }).ok).toBe(true);
  });
  it('so a contract paid with it cannot be accepted', () => {
    const r = transition(
      contractIn('requested', { payment: { status: 'pending', paid: 0n, refunded: 0n } }),
      { type: 'accept' },
      {
        now: at(1),
        actor: actorOf('provider'),
      },
    );
    expect(r.ok).toBe(false);
  });
});

describe('never-again 3: a paid, never-accepted request expiring without a refund', () => {
  it('refunds in full on request timeout from requested and accepted', () => {
    for (const status of ['requested', 'accepted'] as const) {
      const r = transition(
        contractIn(status),
        { type: 'request_timeout' },
        { now: at(25), actor: actorOf('system') },
      );
      expect(r.ok && r.effects).toEqual([{ type: 'refund', mode: 'full' }]);
    }
  });
});

describe('never-again 4: provider or agent moving a contract to cancelled / expired / paused without bookkeeping', () => {
  it('has no event that sets a status directly', () => {
    const r = transition(
      contractIn('active'),
      { type: 'set_status', status: 'cancelled' } as unknown as ContractEvent,
      {
        now: at(1),
        actor: actorOf('provider'),
      },
    );
    expect(r.ok).toBe(false);
  });
  it('lets an agent reach no terminal or paused status except provisioning_failed, which refunds', () => {
    for (const rule of TRANSITIONS.filter((r) => r.actors.includes('agent'))) {
      if (['cancelled', 'expired', 'paused', 'rejected'].includes(rule.to))
        throw new Error(`agent can reach ${rule.to}`);
      if (rule.to === 'provisioning_failed') expect(rule.effects).toContain('refund:full');
    }
  });
  it('lets a provider end a contract only through reject (full refund) or provider_cancel (prorated refund)', () => {
    for (const status of CONTRACT_STATUSES) {
      for (const event of CONTRACT_EVENT_TYPES) {
        const f = favourable(event, status);
        const r = transition(f.contract, f.event, { now: f.now, actor: actorOf('provider') });
        if (!r.ok || !['cancelled', 'expired', 'paused', 'rejected'].includes(r.status)) continue;
        expect(['reject', 'provider_cancel']).toContain(event);
        expect(
          r.effects.some(
            (e) => e.type === 'refund' && (e.mode === 'full' || e.mode === 'prorated'),
          ),
        ).toBe(true);
      }
    }
  });
  it('lets only the system pause, and pausing always stops the clock', () => {
    for (const role of ACTOR_ROLES) {
      const r = transition(
        contractIn('active'),
        { type: 'pause' },
        { now: at(3), actor: actorOf(role) },
      );
      expect(r.ok).toBe(role === 'system');
      if (r.ok) expect(r.effects.map((e) => e.type)).toEqual(['pause_clock']);
    }
  });
});

describe('never-again 5: refunds on top of a chargeback', () => {
  const disputed = contractIn('paused', {
    payment: { status: 'disputed', paid: 1000n, refunded: 0n },
  });
  it('refuses a renter cancel of a disputed (paused) contract', () => {
    const r = transition(disputed, { type: 'cancel' }, { now: at(3), actor: actorOf('renter') });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe('IllegalTransition');
  });
  it('a lost dispute ends the contract with no refund', () => {
    const r = transition(
      disputed,
      { type: 'dispute_lost' },
      { now: at(3), actor: actorOf('system') },
    );
    expect(r.ok && r.effects).toEqual([
      { type: 'refund', mode: 'none' },
      { type: 'enqueue', job: 'terminate' },
    ]);
  });
  it('a charged-back payment takes no further refund', () => {
    const r = transitionPayment(
      { status: 'charged_back', paid: 1000n, refunded: 0n },
      { type: 'refund', amount: 1n, idempotencyKey: 'k' },
      { sandboxMode: false },
    );
    expect(r.ok).toBe(false);
  });
  it('a provider cancel racing a dispute webhook refunds nothing', () => {
    const racing = contractIn('active', {
      payment: { status: 'disputed', paid: 1000n, refunded: 0n },
    });
    const r = transition(
      racing,
      { type: 'provider_cancel' },
      { now: at(3), actor: actorOf('provider') },
    );
    expect(r.ok && r.effects[0]).toEqual({ type: 'refund', mode: 'none' });
  });
});

describe('never-again 11: the paid term starting at creation, renewal double-billing', () => {
  it('only delivery starts the term, at the delivery time', () => {
    const starters = TRANSITIONS.filter((r) => r.effects.includes('start_term'));
    expect(starters.map((r) => [r.event, r.from, r.to])).toEqual([
      ['provisioned', ['provisioning'], 'provisioned'],
    ]);
    const delivery = at(30);
    const r = transition(
      contractIn('provisioning'),
      { type: 'provisioned', sealedCredentials: true, sshKeyAccess: false },
      {
        now: delivery,
        actor: actorOf('agent'),
      },
    );
    expect(r.ok && r.effects).toEqual([{ type: 'start_term', at: delivery }]);
  });
  it('an extension appends a segment and never restarts the term', () => {
    const event: ContractEvent = {
      type: 'extend',
      segment: { hours: 720n, amount: 1000n },
      payment: { status: 'succeeded', amount: 1000n },
    };
    const r = transition(contractIn('active'), event, { now: at(700), actor: actorOf('renter') });
    expect(r.ok && r.effects).toEqual([{ type: 'add_segment', hours: 720n, amount: 1000n }]);
  });
});
