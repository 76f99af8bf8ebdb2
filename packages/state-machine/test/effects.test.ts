import { describe, expect, it } from 'vitest';
import {
  type ContractEvent,
  type ContractSnapshot,
  type Effect,
  TransitionRefusedError,
  transition,
  transitionOrThrow,
} from '../src/index';
import { actorOf, at, contractIn, T0 } from './support/fixtures';

const effectsOf = (
  contract: ContractSnapshot,
  event: ContractEvent,
  role: Parameters<typeof actorOf>[0],
  now = at(5),
): readonly Effect[] => transitionOrThrow(contract, event, { now, actor: actorOf(role) }).effects;

describe('effects', () => {
  it('accept enqueues the provision job', () => {
    expect(effectsOf(contractIn('requested'), { type: 'accept' }, 'provider')).toEqual([
      { type: 'enqueue', job: 'provision' },
    ]);
  });

  it('provisioned starts the term at now, the moment of delivery', () => {
    const now = at(7);
    const effects = effectsOf(
      contractIn('provisioning'),
      { type: 'provisioned', sealedCredentials: true, sshKeyAccess: true },
      'agent',
      now,
    );
    expect(effects).toEqual([{ type: 'start_term', at: now }]);
  });

  it('reject refunds everything paid, and cleans up once a job may exist', () => {
    expect(effectsOf(contractIn('requested'), { type: 'reject' }, 'provider')).toEqual([
      { type: 'refund', mode: 'full' },
    ]);
    expect(effectsOf(contractIn('accepted'), { type: 'reject' }, 'provider')).toEqual([
      { type: 'refund', mode: 'full' },
      { type: 'enqueue', job: 'terminate' },
    ]);
  });

  it('renter cancel refunds in full before delivery and pro rata after', () => {
    for (const s of ['accepted', 'provisioning'] as const) {
      expect(effectsOf(contractIn(s), { type: 'cancel' }, 'renter')).toEqual([
        { type: 'refund', mode: 'full' },
        { type: 'enqueue', job: 'terminate' },
      ]);
    }
    for (const s of ['provisioned', 'active'] as const) {
      expect(effectsOf(contractIn(s), { type: 'cancel' }, 'renter')).toEqual([
        { type: 'refund', mode: 'prorated' },
        { type: 'enqueue', job: 'terminate' },
      ]);
    }
  });

  it('provider cancel refunds pro rata and counts against the provider', () => {
    expect(effectsOf(contractIn('active'), { type: 'provider_cancel' }, 'provider')).toEqual([
      { type: 'refund', mode: 'prorated' },
      { type: 'record_provider_cancellation' },
      { type: 'enqueue', job: 'terminate' },
    ]);
  });

  it('admin cancel refunds the chosen amount, or nothing for zero', () => {
    expect(
      effectsOf(
        contractIn('active'),
        { type: 'admin_cancel', reason: 'abuse', refund: 250n },
        'admin',
      ),
    ).toEqual([
      { type: 'refund', mode: 'admin_amount', amount: 250n },
      { type: 'enqueue', job: 'terminate' },
    ]);
    expect(
      effectsOf(
        contractIn('requested'),
        { type: 'admin_cancel', reason: 'abuse', refund: 0n },
        'admin',
      ),
    ).toEqual([{ type: 'refund', mode: 'none' }]);
  });

  it('pause stops the clock and remembers where to resume; resume restarts it there', () => {
    const now = at(9);
    expect(effectsOf(contractIn('provisioned'), { type: 'pause' }, 'system', now)).toEqual([
      { type: 'pause_clock', at: now, resumeTo: 'provisioned' },
    ]);
    const resumed = transitionOrThrow(
      contractIn('paused', { pausedFrom: 'provisioned' }),
      { type: 'resume' },
      { now, actor: actorOf('system') },
    );
    expect(resumed.status).toBe('provisioned');
    expect(resumed.effects).toEqual([{ type: 'resume_clock', at: now }]);
  });

  it('term end terminates without a refund', () => {
    expect(
      effectsOf(contractIn('active', { termEnd: at(2) }), { type: 'term_end' }, 'system'),
    ).toEqual([{ type: 'enqueue', job: 'terminate' }]);
  });

  it('extend adds exactly the paid segment', () => {
    const event: ContractEvent = {
      type: 'extend',
      segment: { hours: 48n, amount: 67n },
      payment: { status: 'succeeded', amount: 67n },
    };
    expect(effectsOf(contractIn('active'), event, 'renter')).toEqual([
      { type: 'add_segment', hours: 48n, amount: 67n },
    ]);
  });

  it('a refund effect becomes none when nothing is left to refund', () => {
    const unpaid = contractIn('requested', {
      payment: { status: 'pending', paid: 0n, refunded: 0n },
    });
    expect(effectsOf(unpaid, { type: 'cancel' }, 'renter')).toEqual([
      { type: 'refund', mode: 'none' },
    ]);
    const refunded = contractIn('active', {
      payment: { status: 'refunded', paid: 1000n, refunded: 1000n },
    });
    expect(effectsOf(refunded, { type: 'cancel' }, 'renter')).toEqual([
      { type: 'refund', mode: 'none' },
      { type: 'enqueue', job: 'terminate' },
    ]);
  });
});

describe('history', () => {
  it('records from, to, event, actor, time and memo', () => {
    const result = transitionOrThrow(
      contractIn('active'),
      { type: 'admin_cancel', reason: 'abuse report #12', refund: 0n },
      {
        now: at(3),
        actor: { role: 'admin', key: 'admin-7' },
      },
    );
    expect(result.history).toEqual({
      from: 'active',
      to: 'cancelled',
      event: 'admin_cancel',
      actor: { role: 'admin', key: 'admin-7' },
      at: at(3),
      memo: 'abuse report #12',
    });
  });

  it('prefers the caller memo', () => {
    const result = transitionOrThrow(
      contractIn('requested'),
      { type: 'accept' },
      {
        now: T0,
        actor: { role: 'system', key: 'auto_accept:rule_3' },
        memo: 'auto-accept: 24..720 h',
      },
    );
    expect(result.history.memo).toBe('auto-accept: 24..720 h');
    expect(result.history.actor).toEqual({ role: 'system', key: 'auto_accept:rule_3' });
  });
});

describe('determinism and errors', () => {
  it('gives equal output for equal input', () => {
    const ctx = { now: at(4), actor: actorOf('renter') };
    expect(transition(contractIn('active'), { type: 'cancel' }, ctx)).toEqual(
      transition(contractIn('active'), { type: 'cancel' }, ctx),
    );
  });

  it('does not mutate its input', () => {
    const contract = Object.freeze(contractIn('active'));
    expect(() =>
      transition(contract, { type: 'cancel' }, { now: at(4), actor: actorOf('renter') }),
    ).not.toThrow();
  });

  it('throws a typed error from transitionOrThrow', () => {
    let caught: unknown;
    try {
      transitionOrThrow(
        contractIn('cancelled'),
        { type: 'cancel' },
        { now: T0, actor: actorOf('renter') },
      );
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(TransitionRefusedError);
    expect((caught as TransitionRefusedError).error).toMatchObject({
      kind: 'IllegalTransition',
      from: 'cancelled',
      event: 'cancel',
    });
  });

  it('names the allowed roles when a role is refused', () => {
    const result = transition(
      contractIn('requested'),
      { type: 'accept' },
      { now: T0, actor: actorOf('renter') },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({
      kind: 'ActorNotAllowed',
      role: 'renter',
      allowed: ['provider', 'system'],
    });
    expect(result.error.message).toBe(
      'Role "renter" may not send "accept" from "requested"; allowed roles: provider, system.',
    );
  });
});
