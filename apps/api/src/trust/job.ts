import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';
import type { Coverage } from '../uptime/rollup';
import { updateUptime } from '../uptime/update';
import { refreshUptimeWindows } from '../uptime/windows';
import { raiseUptimeAlerts } from './alerts';
import { refreshProviderRecords } from './records';

/** Settings of the trust job (from the configuration). */
export interface TrustJobSettings {
  /** A run is due this long after the previous one (DC_TRUST_INTERVAL_MS). */
  readonly intervalMs: number;
  readonly coverage: Coverage;
  /** "Uptime below threshold" alerts below this 24 h uptime, percent (DC_UPTIME_ALERT_PCT). */
  readonly alertThresholdPct: number;
}

/** What one run did, or why it did nothing. */
export type TrustJobReport =
  | { readonly ran: false; readonly reason: 'not_due' | 'running_elsewhere' }
  | {
      readonly ran: true;
      readonly mode: 'full' | 'incremental';
      readonly contracts: number;
      readonly providers: number;
      readonly alerts: number;
      readonly ms: number;
    };

/**
 * The scheduled trust job (run by the sweeper on every instance): in one transaction that holds
 * the lease (the `trust_job_state` row, locked `FOR UPDATE SKIP LOCKED`, so one instance runs
 * at a time and the others skip), when due or `force`d:
 * 1. uptime hours brought up to `now` (incrementally, or in full on the first run / `full`);
 * 2. offering and provider uptime windows rewritten;
 * 3. every provider record and trust score recomputed, copied to providers and offerings;
 * 4. "uptime below threshold" alerts raised;
 * then the next run is due one interval later. A failed run rolls back whole and the next
 * tick (on any instance) tries again. Public GETs only ever read what this stores.
 */
export async function runTrustJob(
  db: Kysely<Database>,
  now: Date,
  settings: TrustJobSettings,
  options: { readonly force?: boolean; readonly full?: boolean } = {},
): Promise<TrustJobReport> {
  const started = performance.now();
  return db.transaction().execute(async (trx) => {
    // Compared in SQL: the first run's `-infinity` is no JavaScript Date.
    const state = await trx
      .selectFrom('trust_job_state')
      .select(['horizon', sql<boolean>`next_run_at <= ${now.toISOString()}::timestamptz`.as('due')])
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (state === undefined) return { ran: false, reason: 'running_elsewhere' } as const;
    if (options.force !== true && !state.due) return { ran: false, reason: 'not_due' } as const;
    const uptime = await updateUptime(trx, {
      horizon: now,
      previousHorizon: state.horizon,
      coverage: settings.coverage,
      ...(options.full === undefined ? {} : { full: options.full }),
    });
    await refreshUptimeWindows(trx, now);
    const providers = await refreshProviderRecords(trx, now);
    const alerts = await raiseUptimeAlerts(trx, now, settings.alertThresholdPct);
    await trx
      .updateTable('trust_job_state')
      .set({
        horizon: now,
        computed_at: now,
        next_run_at: sql<Date>`${now.toISOString()}::timestamptz + make_interval(secs => ${settings.intervalMs / 1000})`,
      })
      .execute();
    return {
      ran: true,
      mode: uptime.mode,
      contracts: uptime.contracts,
      providers,
      alerts: alerts.crossedBelow,
      ms: Math.round(performance.now() - started),
    } as const;
  });
}
