import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';

/** Contract statuses the prober probes and uptime expects to be up (trust.md §1). */
export const DELIVERED_STATUSES = ['provisioned', 'active'] as const;

/**
 * Brings the schedule in line with the contracts: every delivered contract with a reported
 * instance gets a row due at once, and rows of contracts no longer delivered go. Safe to run on
 * every instance at once (inserts skip existing rows, deletes are idempotent).
 */
export async function syncProbeTargets(db: Kysely<Database>, now: Date): Promise<void> {
  await db
    .insertInto('probe_targets')
    .columns(['contract_id', 'next_probe_at'])
    .expression((eb) =>
      eb
        .selectFrom('contracts as c')
        .select(['c.id', sql<Date>`${now}::timestamptz`.as('next_probe_at')])
        .where('c.status', 'in', DELIVERED_STATUSES)
        .where('c.instance', 'is not', null)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('probe_targets as t')
                .select('t.contract_id')
                .whereRef('t.contract_id', '=', 'c.id'),
            ),
          ),
        ),
    )
    .onConflict((oc) => oc.column('contract_id').doNothing())
    .execute();
  await db
    .deleteFrom('probe_targets')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('contracts as c')
            .select('c.id')
            .whereRef('c.id', '=', 'probe_targets.contract_id')
            .where('c.status', 'in', DELIVERED_STATUSES),
        ),
      ),
    )
    .execute();
}

/** A claimed contract to probe, with its stored instance. */
export interface ClaimedTarget {
  readonly contractId: string;
  readonly instance: unknown;
}

/**
 * Claims up to `limit` due contracts for this round: in one statement, rows due at `now` are
 * locked (`FOR UPDATE SKIP LOCKED`, so concurrent instances take disjoint rows) and moved to
 * their next round, one interval after the one claimed (or after `now` when the prober fell
 * behind). A claimed contract is this instance's to probe; no other instance sees it due again
 * before the next round.
 */
export async function claimDueTargets(
  db: Kysely<Database>,
  options: {
    readonly now: Date;
    readonly intervalMs: number;
    readonly instanceId: string;
    readonly limit: number;
  },
): Promise<ClaimedTarget[]> {
  const { now, intervalMs, instanceId, limit } = options;
  const interval = sql`make_interval(secs => ${intervalMs / 1000})`;
  const claimed = await sql<{ contract_id: string; instance: unknown }>`
    WITH due AS (
      SELECT contract_id FROM probe_targets
      WHERE next_probe_at <= ${now}
      ORDER BY next_probe_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ), moved AS (
      UPDATE probe_targets t
      SET next_probe_at = CASE WHEN t.next_probe_at + ${interval} > ${now}
                               THEN t.next_probe_at + ${interval}
                               ELSE ${now}::timestamptz + ${interval} END,
          claimed_by = ${instanceId},
          claimed_at = ${now}
      FROM due WHERE t.contract_id = due.contract_id
      RETURNING t.contract_id
    )
    SELECT moved.contract_id, c.instance
    FROM moved JOIN contracts c ON c.id = moved.contract_id
    WHERE c.status IN ('provisioned', 'active')`.execute(db);
  return claimed.rows.map((row) => ({ contractId: row.contract_id, instance: row.instance }));
}
