import { TERMINAL_STATUSES } from '@dc/state-machine';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** Options of {@link archiveContracts}. */
export interface ArchiveParameters {
  readonly now: Date;
  /** A contract is archived this long after it ended. */
  readonly archiveAfterMs: number;
  /** Rows marked per statement, so no run holds many row locks at once. */
  readonly batchSize: number;
}

/**
 * Archives ended contracts (spec §7): every terminal contract whose `ended_at` is at least
 * `archiveAfterMs` before `now` gets `archived_at = now`. Only the flag moves: the contract,
 * its history, segments, refunds and wallet ledger stay where they are, readable, and are never
 * deleted (migration 0004 explains the choice). Rows are claimed with `FOR UPDATE SKIP LOCKED`
 * and the update is guarded by `archived_at IS NULL`, so concurrent runs archive each contract
 * once. Returns the ids archived now.
 */
export async function archiveContracts(
  db: Kysely<Database>,
  params: ArchiveParameters,
): Promise<string[]> {
  const cutoff = new Date(params.now.getTime() - params.archiveAfterMs);
  const archived: string[] = [];
  for (;;) {
    const rows = await db
      .updateTable('contracts')
      .set({ archived_at: params.now })
      .where('archived_at', 'is', null)
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('contracts')
          .select('id')
          .where('archived_at', 'is', null)
          .where('status', 'in', [...TERMINAL_STATUSES])
          .where('ended_at', '<=', cutoff)
          .orderBy('ended_at')
          .limit(params.batchSize)
          .forUpdate()
          .skipLocked(),
      )
      .returning('id')
      .execute();
    archived.push(...rows.map((row) => row.id));
    if (rows.length < params.batchSize) return archived;
  }
}
