import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/db/schema';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** One status change of a fixture contract, as `applyContractEvent` would have written it. */
export interface FixtureEvent {
  readonly event: string;
  readonly to: string;
  readonly at: Date;
  readonly role?: 'renter' | 'provider' | 'agent' | 'admin' | 'system';
}

/** A contract written straight into the tables, with its whole history. */
export interface FixtureContract {
  readonly offeringId: string;
  readonly providerId: string;
  readonly renterId: string;
  readonly requestedAt: Date;
  readonly events: readonly FixtureEvent[];
  /** Paid hours (the term). */
  readonly hours: number;
}

let keys = 0;

/** A renter account row; returns its id. */
export async function insertAccount(db: Kysely<Database>, prefix: string): Promise<string> {
  keys += 1;
  const row = await db
    .insertInto('accounts')
    .values({ username: `${prefix}-${process.pid % 10_000}-${keys}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Inserts a contract whose status, term and end follow from its events, its paid segment and
 * its history (the `request` row, then one row per event). Returns its id.
 */
export async function insertContract(db: Kysely<Database>, spec: FixtureContract): Promise<string> {
  keys += 1;
  let status = 'requested';
  let acceptedAt: Date | null = null;
  let termStart: Date | null = null;
  let endedAt: Date | null = null;
  const history: { from: string | null; to: string; event: string; role: string; at: Date }[] = [
    { from: null, to: 'requested', event: 'request', role: 'renter', at: spec.requestedAt },
  ];
  for (const step of spec.events) {
    history.push({
      from: status,
      to: step.to,
      event: step.event,
      role: step.role ?? 'system',
      at: step.at,
    });
    status = step.to;
    if (step.to === 'accepted' && acceptedAt === null) acceptedAt = step.at;
    if (step.to === 'provisioned' && termStart === null) termStart = step.at;
    if (['rejected', 'cancelled', 'expired', 'provisioning_failed'].includes(step.to)) {
      endedAt = step.at;
    }
  }
  const last = history[history.length - 1]?.at ?? spec.requestedAt;
  const contract = await db
    .insertInto('contracts')
    .values({
      offering_id: spec.offeringId,
      renter_id: spec.renterId,
      provider_id: spec.providerId,
      provisioner: 'manual',
      offering_snapshot: '{}',
      status,
      payment_status: 'succeeded',
      payment_rail: 'wallet',
      currency: 'USD',
      currency_exponent: 2,
      price_per_month: 1000n,
      paid: 1000n,
      ssh_public_keys: [
        'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB0j5XGQ3CUT2lzg4tYf2TzL5Ef0G0b1b7vT9yJjvH0n t@x',
      ],
      os_image: 'debian-12',
      idempotency_key: `fixture-${process.pid}-${keys}`,
      requested_at: spec.requestedAt,
      accepted_at: acceptedAt,
      term_start: termStart,
      term_end: termStart === null ? null : new Date(termStart.getTime() + spec.hours * HOUR),
      ended_at: endedAt,
      created_at: spec.requestedAt,
      updated_at: last,
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('contract_segments')
    .values({
      contract_id: contract.id,
      seq: 1,
      hours: spec.hours,
      amount: 1000n,
      idempotency_key: `fixture-segment-${contract.id}`,
      created_at: spec.requestedAt,
    } as never)
    .execute();
  await db
    .insertInto('contract_history')
    .values(
      history.map((row) => ({
        contract_id: contract.id,
        from_status: row.from,
        to_status: row.to,
        event: row.event,
        actor_role: row.role,
        actor_key: 'fixture',
        memo: null,
        at: row.at,
      })),
    )
    .execute();
  return contract.id;
}

/** A health check as an agent would have reported it. */
export interface FixtureCheck {
  readonly at: Date;
  readonly status: 'healthy' | 'unhealthy' | 'unknown';
}

/** Inserts agent checks of a contract (in one statement). */
export async function insertChecks(
  db: Kysely<Database>,
  contractId: string,
  checks: readonly FixtureCheck[],
): Promise<void> {
  for (let start = 0; start < checks.length; start += 5_000) {
    const part = checks.slice(start, start + 5_000);
    await sql`
      INSERT INTO health_checks (contract_id, agent_pubkey, status, checked_at, received_at)
      SELECT ${contractId}::uuid, ${'a'.repeat(64)}, s, t, t
      FROM unnest(${part.map((c) => c.status)}::text[],
                  ${part.map((c) => c.at.toISOString())}::timestamptz[]) AS x(s, t)`.execute(db);
  }
}

/** A probe as the prober would have stored it. */
export interface FixtureProbe {
  readonly at: Date;
  readonly reachable: boolean;
  readonly disagrees: boolean;
}

/** Inserts probes of a contract. */
export async function insertProbes(
  db: Kysely<Database>,
  contractId: string,
  probes: readonly FixtureProbe[],
): Promise<void> {
  await db
    .insertInto('probe_results')
    .values(
      probes.map((p) => ({
        contract_id: contractId,
        probed_at: p.at,
        target: '198.51.100.7:22',
        reachable: p.reachable,
        latency_ms: p.reachable ? 12 : null,
        error: p.reachable ? null : 'ECONNREFUSED',
        agent_check_id: null,
        agent_status: p.disagrees ? (p.reachable ? 'unhealthy' : 'healthy') : null,
        disagrees: p.disagrees,
      })),
    )
    .execute();
}

/** Samples every `stepMs` from `from` (inclusive) to `to` (exclusive). */
export function every(stepMs: number, from: Date, to: Date): Date[] {
  const out: Date[] = [];
  for (let t = from.getTime(); t < to.getTime(); t += stepMs) out.push(new Date(t));
  return out;
}

/** A renter's feedback on an ended contract (the messaging helper's table). */
export async function insertFeedback(
  db: Kysely<Database>,
  row: {
    contractId: string;
    renterId: string;
    providerId: string;
    matched: boolean;
    again: boolean;
    at: Date;
  },
): Promise<void> {
  await sql`
    INSERT INTO contract_feedback
      (contract_id, renter_id, provider_id, matched_description, would_rent_again, comment, created_at)
    VALUES (${row.contractId}, ${row.renterId}, ${row.providerId}, ${row.matched}, ${row.again},
            NULL, ${row.at.toISOString()}::timestamptz)`.execute(db);
}

/**
 * A renter message that started a wait and, when `repliedAt` is given, the provider's
 * (non-automated) reply that ended it (the messaging helper's tables).
 */
export async function insertWait(
  db: Kysely<Database>,
  row: {
    contractId: string;
    offeringId: string;
    renterId: string;
    providerId: string;
    askedAt: Date;
    slaHours: number;
    repliedAt: Date | null;
  },
): Promise<void> {
  const asked = await sql<{ id: string }>`
    INSERT INTO contract_messages (contract_id, author_id, author_role, body, automated, via, created_at)
    VALUES (${row.contractId}, ${row.renterId}, 'renter', 'Is the server up?', false, 'key',
            ${row.askedAt.toISOString()}::timestamptz)
    RETURNING id`.execute(db);
  let replyId: string | null = null;
  if (row.repliedAt !== null) {
    const reply = await sql<{ id: string }>`
      INSERT INTO contract_messages (contract_id, author_id, author_role, body, automated, via, created_at)
      VALUES (${row.contractId}, ${row.providerId}, 'provider', 'Looking into it.', false, 'key',
              ${row.repliedAt.toISOString()}::timestamptz)
      RETURNING id`.execute(db);
    replyId = reply.rows[0]?.id ?? null;
  }
  await sql`
    INSERT INTO message_waits (renter_message_id, contract_id, provider_id, offering_id, asked_at,
                               sla_seconds, replied_at, reply_message_id, breached_at)
    VALUES (${asked.rows[0]?.id}, ${row.contractId}, ${row.providerId}, ${row.offeringId},
            ${row.askedAt.toISOString()}::timestamptz, ${row.slaHours * 3600},
            ${row.repliedAt?.toISOString() ?? null}::timestamptz, ${replyId}, NULL)`.execute(db);
}
