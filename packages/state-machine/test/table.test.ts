import { describe, expect, it } from 'vitest';
import {
  ACTOR_ROLES,
  type ActorRole,
  CONTRACT_EVENT_TYPES,
  CONTRACT_STATUSES,
  type ContractEventType,
  type ContractStatus,
  TERMINAL_STATUSES,
  TRANSITIONS,
  transition,
} from '../src/index';
import { actorOf, favourable } from './support/fixtures';

const NON_TERMINAL: ContractStatus[] = [
  'requested',
  'accepted',
  'provisioning',
  'provisioned',
  'active',
  'paused',
];

/**
 * contracts.md §2, transcribed by hand from the spec (not derived from the package's table),
 * so a wrong row in `TRANSITIONS` fails here. `same` = stays; `before_pause` = the paused-from status.
 */
const SPEC: Record<
  ContractEventType,
  { from: ContractStatus[]; to: ContractStatus | 'same' | 'before_pause'; actors: ActorRole[] }
> = {
  accept: { from: ['requested'], to: 'accepted', actors: ['provider', 'system'] },
  reject: { from: ['requested', 'accepted'], to: 'rejected', actors: ['provider'] },
  start_provisioning: { from: ['accepted'], to: 'provisioning', actors: ['agent'] },
  provisioned: { from: ['provisioning'], to: 'provisioned', actors: ['agent'] },
  provisioning_failed: {
    from: ['accepted', 'provisioning'],
    to: 'provisioning_failed',
    actors: ['agent', 'system'],
  },
  activate: { from: ['provisioned'], to: 'active', actors: ['system', 'renter'] },
  pause: { from: ['provisioned', 'active'], to: 'paused', actors: ['system'] },
  resume: { from: ['paused'], to: 'before_pause', actors: ['system'] },
  cancel: {
    from: ['requested', 'accepted', 'provisioning', 'provisioned', 'active'],
    to: 'cancelled',
    actors: ['renter'],
  },
  provider_cancel: { from: ['provisioned', 'active'], to: 'cancelled', actors: ['provider'] },
  admin_cancel: { from: NON_TERMINAL, to: 'cancelled', actors: ['admin'] },
  dispute_lost: { from: ['paused'], to: 'cancelled', actors: ['system'] },
  request_timeout: { from: ['requested', 'accepted'], to: 'expired', actors: ['system'] },
  term_end: { from: ['provisioned', 'active'], to: 'expired', actors: ['system'] },
  extend: { from: ['provisioned', 'active'], to: 'same', actors: ['renter'] },
};

describe('every (status, event, actor) triple', () => {
  for (const status of CONTRACT_STATUSES) {
    for (const event of CONTRACT_EVENT_TYPES) {
      for (const role of ACTOR_ROLES) {
        const spec = SPEC[event];
        const expectation = !spec.from.includes(status)
          ? 'IllegalTransition'
          : !spec.actors.includes(role)
            ? 'ActorNotAllowed'
            : 'ok';
        it(`${event} from ${status} by ${role}: ${expectation}`, () => {
          const f = favourable(event, status);
          const result = transition(f.contract, f.event, { now: f.now, actor: actorOf(role) });
          if (expectation === 'ok') {
            expect(result.ok, result.ok ? '' : result.error.message).toBe(true);
            if (!result.ok) return;
            const to =
              spec.to === 'same'
                ? status
                : spec.to === 'before_pause'
                  ? f.contract.pausedFrom
                  : spec.to;
            expect(result.status).toBe(to);
            expect(result.history).toMatchObject({ from: status, to, event, actor: { role } });
            expect(result.history.at).toBe(f.now);
          } else {
            expect(result.ok).toBe(false);
            if (result.ok) return;
            expect(result.error.kind).toBe(expectation);
            expect(result.error.message).toContain(event);
          }
        });
      }
    }
  }
});

describe('the transition table', () => {
  it('has at most one rule per (event, from) pair', () => {
    const seen = new Set<string>();
    for (const rule of TRANSITIONS) {
      for (const from of rule.from) {
        const key = `${rule.event}:${from}`;
        expect(seen.has(key), key).toBe(false);
        seen.add(key);
      }
    }
  });

  it('has no unreachable status and no status without a writer', () => {
    const reachable = new Set<ContractStatus>(['requested']);
    for (const rule of TRANSITIONS) {
      if (rule.to !== 'status_before_pause') reachable.add(rule.to);
    }
    expect([...reachable].sort()).toEqual([...CONTRACT_STATUSES].sort());
  });

  it('has no way out of a terminal status', () => {
    const exits = TRANSITIONS.filter((r) =>
      r.from.some((s) => (TERMINAL_STATUSES as readonly string[]).includes(s)),
    );
    expect(exits).toEqual([]);
  });

  it('refunds in full before delivery and pro rata after it, on renter cancel', () => {
    const effectsFrom = (s: ContractStatus) =>
      TRANSITIONS.find((r) => r.event === 'cancel' && r.from.includes(s))?.effects;
    for (const s of ['requested', 'accepted', 'provisioning'] as const)
      expect(effectsFrom(s)).toContain('refund:full');
    for (const s of ['provisioned', 'active'] as const)
      expect(effectsFrom(s)).toContain('refund:prorated');
  });

  it('is frozen, so no importer can change the rules at run time', () => {
    expect(Object.isFrozen(TRANSITIONS)).toBe(true);
    for (const rule of TRANSITIONS) expect(Object.isFrozen(rule)).toBe(true);
  });
});
