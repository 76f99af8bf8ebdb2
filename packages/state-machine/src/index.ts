export type { Actor, ActorRole, AgentActor, PartyActor, SystemActor } from './actors';
export { ACTOR_ROLES } from './actors';
export type { ContractSnapshot, ProvisionJobSnapshot } from './contract';
export { lifecycleMermaid } from './diagram';
export type {
  AddSegmentEffect,
  Effect,
  EffectTemplate,
  EnqueueEffect,
  PauseClockEffect,
  ProviderRecordEffect,
  RefundEffect,
  RefundMode,
  ResumeClockEffect,
  StartTermEffect,
} from './effects';
export type { ActorNotAllowed, GuardFailed, IllegalTransition, TransitionError } from './errors';
export { TransitionRefusedError } from './errors';
export type {
  AcceptEvent,
  ActivateEvent,
  AdminCancelEvent,
  CancelEvent,
  ContractEvent,
  ContractEventType,
  DisputeLostEvent,
  ExtendEvent,
  PauseEvent,
  ProviderCancelEvent,
  ProvisionedEvent,
  ProvisioningFailedEvent,
  RejectEvent,
  RequestTimeoutEvent,
  ResumeEvent,
  StartProvisioningEvent,
  TermEndEvent,
} from './events';
export { CONTRACT_EVENT_TYPES } from './events';
export type { GuardCode, GuardDefinition, GuardFailureReason } from './guards';
export { GUARD_CODES, GUARDS } from './guards';
export type { HistoryEntry } from './history';
export type {
  PaymentContext,
  PaymentErrorCode,
  PaymentEvent,
  PaymentRail,
  PaymentTransitionError,
  PaymentTransitionResult,
} from './payment';
export { PAYMENT_TRANSITIONS, transitionPayment } from './payment';
export type { PaymentSnapshot, PaymentStatus } from './payment-status';
export { isSettled, PAYMENT_STATUSES } from './payment-status';
export type { ContractStatus, PausableStatus, TerminalStatus } from './status';
export {
  CONTRACT_STATUSES,
  isContractStatus,
  isTerminalStatus,
  PAUSABLE_STATUSES,
  TERMINAL_STATUSES,
} from './status';
export type { DueSweep } from './sweeps';
export { dueSweep } from './sweeps';
export type { TransitionRule, TransitionTarget } from './table';
export { STATUS_BEFORE_PAUSE, TRANSITIONS } from './table';
export type { Timeouts } from './timeouts';
export { DEFAULT_TIMEOUTS } from './timeouts';
export type { TransitionFailed, TransitionOk, TransitionResult } from './transition';
export { ruleFor, transition, transitionOrThrow } from './transition';
export type { TransitionContext } from './transition-context';
