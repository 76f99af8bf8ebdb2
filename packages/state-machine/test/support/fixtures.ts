import type {
  Actor,
  ActorRole,
  ContractEvent,
  ContractEventType,
  ContractSnapshot,
  ContractStatus,
} from '../../src/index';

export const HOUR = 3_600_000;
export const T0 = new Date('2026-01-01T00:00:00.000Z');
export const at = (hours: number): Date => new Date(T0.getTime() + hours * HOUR);

/** A paid contract in `status`, created at T0. Other fields are filled in as each status implies. */
export function contractIn(
  status: ContractStatus,
  overrides: Partial<ContractSnapshot> = {},
): ContractSnapshot {
  const delivered = ['provisioned', 'active', 'paused'].includes(status);
  return {
    status,
    pausedFrom: status === 'paused' ? 'active' : null,
    payment: { status: 'succeeded', paid: 1000n, refunded: 0n },
    requestedAt: T0,
    termStart: delivered ? at(1) : null,
    termEnd: delivered ? at(1 + 720) : null,
    provisionJob: null,
    ...overrides,
  };
}

export function actorOf(role: ActorRole, holdsLease = true): Actor {
  if (role === 'agent') return { role, key: 'agent-key', holdsLease };
  if (role === 'system') return { role, key: 'test' };
  return { role, key: `${role}-key` };
}

/**
 * For each event, a contract state, payload and time under which every guard passes for every
 * role the spec allows; so the exhaustive table test checks rules and roles, not guards.
 */
export function favourable(
  event: ContractEventType,
  status: ContractStatus,
): { contract: ContractSnapshot; event: ContractEvent; now: Date } {
  const now = at(10_000);
  switch (event) {
    case 'provisioned':
      return {
        contract: contractIn(status),
        event: { type: event, sealedCredentials: true, sshKeyAccess: false },
        now,
      };
    case 'provisioning_failed':
      return {
        contract: contractIn(status, {
          provisionJob: { firstLeasedAt: at(1), leaseExpiresAt: at(2) },
        }),
        event: { type: event, reason: 'disk full', retryable: false, attemptsLeft: 0 },
        now,
      };
    case 'activate':
      return { contract: contractIn(status), event: { type: event, cause: 'healthy_check' }, now };
    case 'admin_cancel':
      return {
        contract: contractIn(status),
        event: { type: event, reason: 'fraud report', refund: 0n },
        now,
      };
    case 'extend':
      return {
        contract: contractIn(status),
        event: {
          type: event,
          segment: { hours: 24n, amount: 33n },
          payment: { status: 'succeeded', amount: 33n },
        },
        now: at(5),
      };
    case 'term_end':
      return { contract: contractIn(status), event: { type: event }, now };
    default:
      return { contract: contractIn(status), event: { type: event } as ContractEvent, now };
  }
}
