import {
  type ContractEventType,
  type ContractStatus,
  dueSweep,
  type SystemActor,
} from '@dc/state-machine';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { applyContractEvent } from '../contracts/apply-event';
import { contractSnapshot } from '../contracts/row';
import type { Database } from '../db/schema';
import { candidatePage, SWEEP_KINDS } from './candidates';
import type { SweepSettings } from './settings';

/** The actor every sweep event is recorded under in the contract history. */
export const SWEEP_ACTOR: SystemActor = { role: 'system', key: 'sweep' };

/** One event a sweep applied. */
export interface SweptContract {
  readonly contractId: string;
  readonly event: ContractEventType;
  readonly from: ContractStatus;
  readonly to: ContractStatus;
  /** Minor units refunded by the event (0 when nothing was due). */
  readonly refunded: bigint;
}

/** What one {@link runSweeps} call did. */
export interface SweepReport {
  readonly applied: readonly SweptContract[];
  /** Contracts whose sweep threw; each is logged and retried on the next run. */
  readonly failed: readonly string[];
}

/**
 * Runs the sweeps of spec §6 once at `now`: request and unpaid-request timeouts, provisioning
 * timeouts, term ends and delivery grace. Candidates are read in small pages; each is then
 * claimed with `FOR UPDATE SKIP LOCKED` in its own transaction, where `dueSweep` of
 * `@dc/state-machine` decides on the locked row and `applyContractEvent` applies the event as
 * the system. A row another instance holds is skipped (that instance applies it); a row it
 * already changed is no longer due. So concurrent runs apply each event once, and one
 * contract's failure is logged without stopping the others.
 */
export async function runSweeps(
  db: Kysely<Database>,
  now: Date,
  settings: SweepSettings,
  log: Pick<Logger, 'info' | 'error'>,
): Promise<SweepReport> {
  const applied: SweptContract[] = [];
  const failed: string[] = [];
  for (const kind of SWEEP_KINDS) {
    let after: string | null = null;
    for (;;) {
      const ids = await candidatePage(db, kind, {
        now,
        timeouts: settings.timeouts,
        after,
        limit: settings.batchSize,
      });
      for (const id of ids) {
        try {
          const swept = await sweepContract(db, id, now, settings);
          if (swept === null) continue;
          applied.push(swept);
          log.info(
            { contractId: id, event: swept.event, from: swept.from, to: swept.to },
            'contract swept',
          );
        } catch (error) {
          failed.push(id);
          log.error({ err: error, contractId: id, sweep: kind }, 'contract sweep failed');
        }
      }
      if (ids.length < settings.batchSize) break;
      after = ids[ids.length - 1] ?? null;
    }
  }
  return { applied, failed };
}

/** Claims one contract and applies the sweep event due for it; `null` when none is (any more). */
function sweepContract(
  db: Kysely<Database>,
  contractId: string,
  now: Date,
  settings: SweepSettings,
): Promise<SweptContract | null> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('contracts')
      .selectAll()
      .where('id', '=', contractId)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (row === undefined) return null;
    const due = dueSweep(await contractSnapshot(trx, row), now, settings.timeouts, SWEEP_ACTOR);
    if (due === null) return null;
    const result = await applyContractEvent(trx, {
      contractId,
      event: due.event,
      actor: SWEEP_ACTOR,
      now,
      timeouts: settings.timeouts,
    });
    return {
      contractId,
      event: due.event.type,
      from: result.from,
      to: result.to,
      refunded: result.refund?.amount ?? 0n,
    };
  });
}
