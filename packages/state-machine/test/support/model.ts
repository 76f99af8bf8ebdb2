import fc from 'fast-check';
import {
  ACTOR_ROLES,
  type ContractEvent,
  type ContractSnapshot,
  type ContractStatus,
  type PaymentEvent,
  TRANSITIONS,
  type TransitionResult,
  transition,
  transitionPayment,
} from '../../src/index';
import { actorOf, HOUR, T0 } from './fixtures';

/** One step of a random history: time passes, a contract event, or a payment event. */
export type Step =
  | { readonly kind: 'advance'; readonly ms: number }
  | {
      readonly kind: 'contract';
      readonly event: ContractEvent;
      readonly role: (typeof ACTOR_ROLES)[number];
      readonly holdsLease: boolean;
      /**
       * When set, the player replaces event and role by one the table allows from the current
       * status (chosen by `pick`, payload from `event` where the type matches or `bag`), so
       * histories get deep into the lifecycle instead of bouncing off `requested`.
       */
      readonly plausible: boolean;
      readonly pick: number;
      readonly bag: ContractEvent[];
      /** Which share of the refundable amount a `prorated` refund turns out to be, in 1/1000. */
      readonly proratedShare: bigint;
    }
  | { readonly kind: 'payment'; readonly event: PaymentEvent };

/** True four times in five: most steps follow the happy path, enough stray off it. */
const mostly = fc.nat({ max: 4 }).map((n) => n > 0);

const amount = fc.bigInt({ min: -5n, max: 3000n });

const contractEvent: fc.Arbitrary<ContractEvent> = fc.oneof(
  fc.constantFrom<ContractEvent>(
    { type: 'accept' },
    { type: 'reject' },
    { type: 'start_provisioning' },
    { type: 'activate' },
    { type: 'activate', cause: 'healthy_check' },
    { type: 'activate', cause: 'grace_period' },
    { type: 'pause' },
    { type: 'resume' },
    { type: 'cancel' },
    { type: 'provider_cancel' },
    { type: 'dispute_lost' },
    { type: 'request_timeout' },
    { type: 'term_end' },
  ),
  fc.record({
    type: fc.constant('provisioned' as const),
    sealedCredentials: fc.boolean(),
    sshKeyAccess: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('provisioning_failed' as const),
    reason: fc.constant('boom'),
    retryable: fc.boolean(),
    attemptsLeft: fc.integer({ min: 0, max: 2 }),
  }),
  fc.record({
    type: fc.constant('admin_cancel' as const),
    reason: fc.constantFrom('', 'fraud'),
    refund: amount,
  }),
  fc.record({
    type: fc.constant('extend' as const),
    segment: fc.record({ hours: fc.bigInt({ min: 0n, max: 2000n }), amount }),
    payment: fc.record({
      status: fc.constantFrom('pending' as const, 'succeeded' as const, 'failed' as const),
      amount,
    }),
  }),
);

const paymentEvent: fc.Arbitrary<PaymentEvent> = fc.oneof(
  fc.record({
    type: fc.constant('payment_succeeded' as const),
    amount,
    rail: fc.constantFrom('wallet' as const, 'card' as const, 'sandbox' as const),
  }),
  fc.constantFrom<PaymentEvent>(
    { type: 'payment_failed' },
    { type: 'dispute_opened' },
    { type: 'dispute_won' },
    { type: 'dispute_lost' },
  ),
  fc.record({
    type: fc.constant('refund' as const),
    amount,
    idempotencyKey: fc.constantFrom('', 'k'),
  }),
);

/** Random steps, weighted towards contract events so histories go deep into the lifecycle. */
export const steps = (maxLength: number): fc.Arbitrary<Step[]> =>
  fc.array(
    fc.oneof(
      {
        weight: 2,
        arbitrary: fc
          .integer({ min: 0, max: 800 * HOUR })
          .map((ms): Step => ({ kind: 'advance', ms })),
      },
      {
        weight: 6,
        arbitrary: fc
          .record({
            event: contractEvent,
            role: fc.constantFrom(...ACTOR_ROLES),
            plausible: mostly,
            pick: fc.nat({ max: 1_000_000 }),
            bag: fc.array(contractEvent, { minLength: 6, maxLength: 6 }),
            holdsLease: mostly,
            proratedShare: fc.bigInt({ min: 0n, max: 1000n }),
          })
          .map((s): Step => ({ kind: 'contract', ...s })),
      },
      { weight: 2, arbitrary: paymentEvent.map((event): Step => ({ kind: 'payment', event })) },
      {
        weight: 1,
        arbitrary: fc.bigInt({ min: 1n, max: 3000n }).map(
          (paid): Step => ({
            kind: 'payment',
            event: { type: 'payment_succeeded', amount: paid, rail: 'card' },
          }),
        ),
      },
    ),
    { minLength: Math.floor(maxLength / 2), maxLength },
  );

/** What the property tests observe about one applied step. */
export interface Observation {
  readonly before: ContractSnapshot;
  readonly after: ContractSnapshot;
  readonly step: Step;
  readonly result: TransitionResult | null;
}

/**
 * Plays steps the way the API would: every contract event through `transition`, every money
 * effect through the payment machine (which must accept it), clocks and segments as the
 * effects say. Throws if an effect the state machine produced is refused by the payment machine.
 */
export function play(all: readonly Step[], observe: (o: Observation) => void): void {
  let now = T0;
  let pausedAt: Date | null = null;
  let c: ContractSnapshot = {
    status: 'requested',
    pausedFrom: null,
    payment: { status: 'pending', paid: 0n, refunded: 0n },
    requestedAt: T0,
    termStart: null,
    termEnd: null,
    provisionJob: null,
  };
  const pay = (event: PaymentEvent) => {
    const r = transitionPayment(c.payment, event, { sandboxMode: false });
    if (!r.ok) throw new Error(`payment machine refused an effect: ${r.error.message}`);
    c = { ...c, payment: r.payment };
  };
  for (const step of all) {
    const before = c;
    let result: TransitionResult | null = null;
    if (step.kind === 'advance') {
      now = new Date(now.getTime() + step.ms);
    } else if (step.kind === 'payment') {
      const r = transitionPayment(c.payment, step.event, { sandboxMode: false });
      if (r.ok) c = { ...c, payment: r.payment };
    } else {
      const { event, role } = step.plausible ? plausibleChoice(c.status, step) : step;
      result = transition(c, event, { now, actor: actorOf(role, step.holdsLease) });
      if (result.ok) {
        const refundable = c.payment.paid - c.payment.refunded;
        for (const effect of result.effects) {
          switch (effect.type) {
            case 'refund': {
              const value =
                effect.mode === 'full'
                  ? refundable
                  : effect.mode === 'prorated'
                    ? (refundable * step.proratedShare) / 1000n
                    : effect.mode === 'admin_amount'
                      ? effect.amount
                      : 0n;
              if (value > 0n)
                pay({
                  type: 'refund',
                  amount: value,
                  idempotencyKey: `refund:${result.history.event}`,
                });
              break;
            }
            case 'enqueue':
              if (effect.job === 'provision')
                c = { ...c, provisionJob: { firstLeasedAt: null, leaseExpiresAt: null } };
              break;
            case 'start_term':
              c = {
                ...c,
                termStart: effect.at,
                termEnd: new Date(effect.at.getTime() + 720 * HOUR),
              };
              break;
            case 'pause_clock':
              pausedAt = effect.at;
              c = { ...c, pausedFrom: effect.resumeTo };
              break;
            case 'resume_clock': {
              const paused = pausedAt === null ? 0 : effect.at.getTime() - pausedAt.getTime();
              pausedAt = null;
              c = {
                ...c,
                pausedFrom: null,
                termEnd: c.termEnd && new Date(c.termEnd.getTime() + paused),
              };
              break;
            }
            case 'add_segment':
              if (effect.amount > 0n) pay({ type: 'additional_payment', amount: effect.amount });
              c = {
                ...c,
                termEnd: c.termEnd && new Date(c.termEnd.getTime() + Number(effect.hours) * HOUR),
              };
              break;
            case 'record_provider_cancellation':
              break;
          }
        }
        c = { ...c, status: result.status };
        if (event.type === 'start_provisioning')
          c = {
            ...c,
            provisionJob: { firstLeasedAt: now, leaseExpiresAt: new Date(now.getTime() + 60_000) },
          };
      }
    }
    observe({ before, after: c, step, result });
  }
}

/** A well-formed event of each type, for plausible steps whose random bag holds none. */
const DEFAULT_PAYLOADS: {
  readonly [T in ContractEvent['type']]: Extract<ContractEvent, { type: T }>;
} = {
  accept: { type: 'accept' },
  reject: { type: 'reject' },
  start_provisioning: { type: 'start_provisioning' },
  provisioned: { type: 'provisioned', sealedCredentials: true, sshKeyAccess: false },
  provisioning_failed: { type: 'provisioning_failed', reason: 'boom', retryable: false },
  activate: { type: 'activate', cause: 'healthy_check' },
  pause: { type: 'pause' },
  resume: { type: 'resume' },
  cancel: { type: 'cancel' },
  provider_cancel: { type: 'provider_cancel' },
  admin_cancel: { type: 'admin_cancel', reason: 'fraud', refund: 1n },
  dispute_lost: { type: 'dispute_lost' },
  request_timeout: { type: 'request_timeout' },
  term_end: { type: 'term_end' },
  extend: {
    type: 'extend',
    segment: { hours: 24n, amount: 10n },
    payment: { status: 'succeeded', amount: 10n },
  },
};

// Events that move a contract forward; plausible steps prefer them two times in three, so
// histories reach delivery, pauses and extensions before something ends them.
const PROGRESS = new Set<ContractEvent['type']>([
  'accept',
  'start_provisioning',
  'provisioned',
  'activate',
  'extend',
  'pause',
  'resume',
]);

function plausibleChoice(
  status: ContractStatus,
  step: Extract<Step, { kind: 'contract' }>,
): { event: ContractEvent; role: (typeof ACTOR_ROLES)[number] } {
  const all = TRANSITIONS.filter((r) => r.from.includes(status));
  const forward = all.filter((r) => PROGRESS.has(r.event));
  const rules = step.pick % 3 !== 0 && forward.length > 0 ? forward : all;
  const rule = rules[Math.floor(step.pick / 3) % Math.max(1, rules.length)];
  if (rule === undefined) return step;
  const role = rule.actors[Math.floor(step.pick / 7) % rule.actors.length] ?? step.role;
  const payload =
    [step.event, ...step.bag].find((e) => e.type === rule.event) ?? DEFAULT_PAYLOADS[rule.event];
  return { event: payload, role };
}
