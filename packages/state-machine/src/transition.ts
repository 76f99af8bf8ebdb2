import type { ContractSnapshot } from './contract';
import type { Effect, EffectTemplate } from './effects';
import type { TransitionError } from './errors';
import { TransitionRefusedError } from './errors';
import type { ContractEvent, ContractEventType } from './events';
import { GUARDS } from './guards';
import type { HistoryEntry } from './history';
import { isSettled } from './payment-status';
import type { ContractStatus } from './status';
import { STATUS_BEFORE_PAUSE, TRANSITIONS, type TransitionRule } from './table';
import { DEFAULT_TIMEOUTS } from './timeouts';
import type { TransitionContext } from './transition-context';

/** A transition that may go ahead: the new status, what to apply, and the history row. */
export interface TransitionOk {
  readonly ok: true;
  readonly status: ContractStatus;
  readonly effects: readonly Effect[];
  readonly history: HistoryEntry;
}

/** A refused transition; nothing is to change. */
export interface TransitionFailed {
  readonly ok: false;
  readonly error: TransitionError;
}

/** What `transition` returns. */
export type TransitionResult = TransitionOk | TransitionFailed;

// Built once: event -> from -> rule, and event -> the statuses it is allowed from (for error
// messages). Lookups on the hot path are two map reads.
const index = new Map<ContractEventType, Map<ContractStatus, TransitionRule>>();
const allowedFrom = new Map<ContractEventType, string>();
for (const r of TRANSITIONS) {
  allowedFrom.set(r.event, [allowedFrom.get(r.event), ...r.from].filter(Boolean).join(', '));
  let byFrom = index.get(r.event);
  if (byFrom === undefined) {
    byFrom = new Map();
    index.set(r.event, byFrom);
  }
  for (const from of r.from) {
    if (byFrom.has(from))
      throw new Error(`transition table: two rules for ${r.event} from ${from}`);
    byFrom.set(from, r);
  }
}

/** The rule for `event` from `status`, if any. */
export function ruleFor(
  event: ContractEventType,
  status: ContractStatus,
): TransitionRule | undefined {
  return index.get(event)?.get(status);
}

/**
 * Decides what `event` does to `contract`. Pure and deterministic: same input, same output;
 * the caller supplies `now`. Checks, in order: a rule exists for (event, status) ->
 * `IllegalTransition`; the actor's role is allowed -> `ActorNotAllowed`; every guard that
 * applies to the role passes -> `GuardFailed` with the reason code.
 *
 * @example
 * ```ts
 * const result = transition(contract, { type: 'accept' }, { now: new Date(), actor: { role: 'provider', key } });
 * if (!result.ok) throw new Error(result.error.message);
 * // apply result.status, result.effects and result.history in one database transaction
 * ```
 */
export function transition(
  contract: ContractSnapshot,
  event: ContractEvent,
  ctx: TransitionContext,
): TransitionResult {
  const from = contract.status;
  const rule = ruleFor(event.type, from);
  if (rule === undefined) {
    return {
      ok: false,
      error: {
        kind: 'IllegalTransition',
        event: event.type,
        from,
        message: `Event "${event.type}" is not allowed from status "${from}"; allowed from: ${fromStatuses(event.type)}.`,
      },
    };
  }
  const role = ctx.actor.role;
  if (!rule.actors.includes(role)) {
    return {
      ok: false,
      error: {
        kind: 'ActorNotAllowed',
        event: event.type,
        from,
        role,
        allowed: rule.actors,
        message: `Role "${role}" may not send "${event.type}" from "${from}"; allowed roles: ${rule.actors.join(', ')}.`,
      },
    };
  }
  const timeouts = ctx.timeouts ?? DEFAULT_TIMEOUTS;
  for (const code of rule.guards) {
    const guard = GUARDS[code];
    if (guard.appliesTo !== undefined && !guard.appliesTo.includes(role)) continue;
    const reason = guard.check(contract, event, ctx, timeouts);
    if (reason !== null) {
      return {
        ok: false,
        error: {
          kind: 'GuardFailed',
          event: event.type,
          from,
          guard: code,
          reason,
          message: `Cannot "${event.type}" from "${from}": requires ${guard.description} (${reason}).`,
        },
      };
    }
  }
  const to = rule.to === STATUS_BEFORE_PAUSE ? (contract.pausedFrom ?? from) : rule.to;
  const effects: Effect[] = [];
  for (const template of rule.effects)
    effects.push(resolveEffect(template, contract, event, ctx.now));
  return {
    ok: true,
    status: to,
    effects,
    history: {
      from,
      to,
      event: event.type,
      actor: { role, key: ctx.actor.key },
      at: ctx.now,
      memo: ctx.memo ?? memoOf(event),
    },
  };
}

/** Like `transition`, but throws `TransitionRefusedError` instead of returning a failure. */
export function transitionOrThrow(
  contract: ContractSnapshot,
  event: ContractEvent,
  ctx: TransitionContext,
): TransitionOk {
  const result = transition(contract, event, ctx);
  if (!result.ok) throw new TransitionRefusedError(result.error);
  return result;
}

function resolveEffect(
  template: EffectTemplate,
  contract: ContractSnapshot,
  event: ContractEvent,
  now: Date,
): Effect {
  switch (template) {
    case 'refund:full':
    case 'refund:prorated':
      // Nothing paid, or the money is already out of our hands (disputed, charged back):
      // a refund here would pay the renter twice.
      return isSettled(contract.payment) && contract.payment.paid > contract.payment.refunded
        ? { type: 'refund', mode: template === 'refund:full' ? 'full' : 'prorated' }
        : { type: 'refund', mode: 'none' };
    case 'refund:none':
      return { type: 'refund', mode: 'none' };
    case 'refund:admin_amount': {
      const amount = event.type === 'admin_cancel' ? event.refund : 0n;
      return amount === 0n
        ? { type: 'refund', mode: 'none' }
        : { type: 'refund', mode: 'admin_amount', amount };
    }
    case 'enqueue:provision':
      return { type: 'enqueue', job: 'provision' };
    case 'enqueue:terminate':
      return { type: 'enqueue', job: 'terminate' };
    case 'start_term':
      return { type: 'start_term', at: now };
    case 'pause_clock':
      return {
        type: 'pause_clock',
        at: now,
        resumeTo: contract.status === 'active' ? 'active' : 'provisioned',
      };
    case 'resume_clock':
      return { type: 'resume_clock', at: now };
    case 'add_segment':
      return event.type === 'extend'
        ? { type: 'add_segment', hours: event.segment.hours, amount: event.segment.amount }
        : unreachable(template);
    case 'record_provider_cancellation':
      return { type: 'record_provider_cancellation' };
  }
}

function unreachable(template: EffectTemplate): never {
  throw new Error(`transition table: effect "${template}" needs a different event`);
}

function memoOf(event: ContractEvent): string | null {
  switch (event.type) {
    case 'reject':
    case 'cancel':
    case 'provider_cancel':
      return event.reason ?? null;
    case 'admin_cancel':
    case 'provisioning_failed':
      return event.reason;
    case 'activate':
      return event.cause ?? 'renter_confirmed';
    default:
      return null;
  }
}

function fromStatuses(event: ContractEventType): string {
  return allowedFrom.get(event) ?? 'nowhere';
}
