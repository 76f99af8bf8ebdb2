import fc from 'fast-check';
import { expect, it } from 'vitest';
import { CONTRACT_STATUSES, isTerminalStatus, transition } from '../../src/index';
import { actorOf, at } from './fixtures';
import { play, steps } from './model';

/** Shared by the fast run here and the long run in lifecycle.slow.test.ts. */
export function lifecycleProperties(numRuns: number, maxSteps: number) {
  it('random event sequences never leave the declared statuses', () => {
    fc.assert(
      fc.property(steps(maxSteps), (s) => {
        play(s, ({ after }) => expect(CONTRACT_STATUSES).toContain(after.status));
      }),
      { numRuns },
    );
  });

  it('terminal statuses absorb every event', () => {
    fc.assert(
      fc.property(steps(maxSteps), (s) => {
        play(s, ({ before, after, result }) => {
          if (!isTerminalStatus(before.status)) return;
          expect(after.status).toBe(before.status);
          if (result) expect(result.ok).toBe(false);
        });
      }),
      { numRuns },
    );
  });

  it('refunded <= paid always holds, and every refund effect is one the payment machine accepts', () => {
    fc.assert(
      fc.property(steps(maxSteps), (s) => {
        play(s, ({ after }) => {
          expect(after.payment.refunded >= 0n).toBe(true);
          expect(after.payment.refunded <= after.payment.paid).toBe(true);
        });
      }),
      { numRuns },
    );
  });

  it('a contract never reaches provisioned unpaid', () => {
    fc.assert(
      fc.property(steps(maxSteps), (s) => {
        play(s, ({ before, after }) => {
          if (
            after.status === 'provisioned' &&
            before.status !== 'provisioned' &&
            before.status !== 'paused'
          ) {
            expect(before.payment.status).toBe('succeeded');
            expect(before.payment.paid > 0n).toBe(true);
          }
        });
      }),
      { numRuns },
    );
  });

  it('every applied transition is recorded with its from and to', () => {
    fc.assert(
      fc.property(steps(maxSteps), (s) => {
        play(s, ({ before, after, result }) => {
          if (!result?.ok) return;
          expect(result.history.from).toBe(before.status);
          expect(result.history.to).toBe(after.status);
        });
      }),
      { numRuns },
    );
  });

  it('is deterministic: the same input gives the same output', () => {
    fc.assert(
      fc.property(steps(maxSteps), fc.constantFrom(...CONTRACT_STATUSES), (s, status) => {
        play(s, ({ after, step }) => {
          if (step.kind !== 'contract') return;
          const contract = { ...after, status };
          const ctx = { now: at(3), actor: actorOf(step.role, step.holdsLease) };
          expect(transition(contract, step.event, ctx)).toEqual(
            transition(contract, step.event, ctx),
          );
        });
      }),
      { numRuns: Math.max(1, Math.floor(numRuns / 4)) },
    );
  });
}
