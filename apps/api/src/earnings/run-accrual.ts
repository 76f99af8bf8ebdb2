import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema';
import { type AccrualOutcome, type AccrualSettings, accrueContract } from './accrue-contract';
import { accrualCandidates } from './candidates';

/** Parameters of {@link runAccrual}. */
export interface AccrualRun extends AccrualSettings {
  /** Candidates read per page. */
  readonly batchSize?: number;
  readonly log?: Pick<Logger, 'error'>;
}

/** What one {@link runAccrual} did, by outcome; `failed` lists contracts whose accrual threw. */
export type AccrualReport = Record<AccrualOutcome, number> & { readonly failed: string[] };

/**
 * One accrual pass at `now`, safe in every instance at once: candidates are read in pages,
 * and each is accrued in its own short transaction ({@link accrueContract}); a contract another
 * worker holds is skipped (that worker accrues it), one that fails is logged and retried on
 * the next pass without stopping the others.
 */
export async function runAccrual(db: Kysely<Database>, run: AccrualRun): Promise<AccrualReport> {
  const limit = run.batchSize ?? 100;
  const report: AccrualReport = {
    accrued: 0,
    unchanged: 0,
    not_due: 0,
    busy: 0,
    not_delivered: 0,
    failed: [],
  };
  let after: string | null = null;
  for (;;) {
    const ids = await accrualCandidates(db, { now: run.now, after, limit });
    for (const id of ids) {
      try {
        report[await accrueContract(db, id, run)] += 1;
      } catch (error) {
        report.failed.push(id);
        run.log?.error({ err: error, contractId: id }, 'earnings accrual failed');
      }
    }
    if (ids.length < limit) return report;
    after = ids.at(-1) ?? null;
  }
}
