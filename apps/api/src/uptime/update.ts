import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';
import {
  type Coverage,
  type RollupTarget,
  recomputeAllUptimeHours,
  recomputeUptimeHours,
} from './rollup';

const HOUR_MS = 3_600_000;

/** The start of the UTC hour `at` is in. */
export function hourOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
}

/** What {@link updateUptime} did. */
export interface UptimeUpdateReport {
  readonly mode: 'full' | 'incremental';
  /** Contracts whose hours were recomputed. */
  readonly contracts: number;
}

/** Contracts per recompute statement of an incremental run (bounds one statement's memory). */
const CHUNK = 500;

async function recomputeInChunks(
  db: Kysely<Database>,
  targets: readonly RollupTarget[],
  horizon: Date,
  coverage: Coverage,
  now: Date,
): Promise<void> {
  for (let start = 0; start < targets.length; start += CHUNK) {
    const chunk = targets.slice(start, start + CHUNK);
    await recomputeUptimeHours(db, chunk, horizon, coverage, now);
  }
}

/**
 * Brings `uptime_hours` up to `horizon` (the job's `now`), inside the caller's transaction
 * (which holds the trust job's lease):
 *
 * - `full` (the first run, or asked for): every hour of every contract ever delivered is
 *   recomputed from the raw rows.
 * - incremental: only (a) contracts marked dirty by a check, probe or status change since the
 *   last run (from the hour of the earliest such row: late rows are folded in), and (b)
 *   contracts delivered at some point since the previous horizon (from that horizon's hour:
 *   time went on, so their current hour grew). Everything else is unchanged by construction.
 *
 * Dirty markers read are deleted only if nobody bumped them meanwhile (their `version`), so a
 * row committed during the run is recomputed by the next one.
 */
export async function updateUptime(
  db: Kysely<Database>,
  options: {
    readonly horizon: Date;
    readonly previousHorizon: Date | null;
    readonly coverage: Coverage;
    readonly full?: boolean;
  },
): Promise<UptimeUpdateReport> {
  const { horizon, previousHorizon, coverage } = options;
  const dirty = await db
    .selectFrom('uptime_dirty')
    .select(['contract_id', 'since', 'version'])
    .where('since', '<', horizon)
    .execute();
  // A horizon moved back (a clock set back) leaves nothing to build on: start over.
  const full =
    options.full === true ||
    previousHorizon === null ||
    previousHorizon.getTime() > horizon.getTime();
  let targets: RollupTarget[];
  if (full) {
    await db.deleteFrom('uptime_hours').execute();
    const delivered = await db
      .selectFrom('contracts')
      .select('id')
      .where('term_start', 'is not', null)
      .orderBy('id')
      .execute();
    targets = delivered.map((row) => ({ contractId: row.id, from: '-infinity' as const }));
  } else {
    const from = new Map<string, number>();
    const earliest = (id: string, at: Date) => {
      const hour = hourOf(at).getTime();
      const known = from.get(id);
      if (known === undefined || hour < known) from.set(id, hour);
    };
    for (const row of dirty) earliest(row.contract_id, row.since);
    const previousHour = hourOf(previousHorizon as Date);
    const live = await db
      .selectFrom('contracts')
      .select('id')
      .where('term_start', 'is not', null)
      .where('term_start', '<', horizon)
      .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>=', previousHour)]))
      .execute();
    for (const row of live) earliest(row.id, previousHour);
    targets = [...from].map(([contractId, hour]) => ({ contractId, from: new Date(hour) }));
  }
  if (full) {
    // One pass over every row (a full recompute reads all of them anyway), sorted in memory:
    // SET LOCAL lasts until the job's transaction ends.
    await sql`SET LOCAL work_mem = '128MB'`.execute(db);
    await recomputeAllUptimeHours(db, horizon, coverage, horizon);
  } else {
    await recomputeInChunks(db, targets, horizon, coverage, horizon);
  }
  if (dirty.length > 0) {
    await sql`
      DELETE FROM uptime_dirty d
      USING unnest(${dirty.map((row) => row.contract_id)}::uuid[],
                   ${dirty.map((row) => String(row.version))}::bigint[]) AS seen(contract_id, version)
      WHERE d.contract_id = seen.contract_id AND d.version = seen.version`.execute(db);
  }
  return { mode: full ? 'full' : 'incremental', contracts: targets.length };
}
