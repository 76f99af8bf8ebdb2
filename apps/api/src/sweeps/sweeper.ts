import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { archiveContracts } from '../archive/archive-contracts';
import { type BillingWork, runBillingRound } from '../billing/periodic';
import type { Database } from '../db/schema';
import { runAccrual } from '../earnings/run-accrual';
import { recordSlaBreaches } from '../messages/sla-breaches';
import { remindTermEndings } from '../notifications/term-ending';
import { refreshMarketPricesOnce } from '../offerings/market';
import { runTrustJob, type TrustJobSettings } from '../trust/job';
import { runSweeps } from './run-sweeps';
import type { SweepSettings } from './settings';

/** Archival needs no promptness: it runs about once an hour, whatever the sweep interval. */
const ARCHIVE_EVERY_MS = 3_600_000;

/**
 * Market prices follow pools going on- and offline (heartbeats, no offering write) about this
 * often; offering writes refresh them within seconds on their own.
 */
const MARKET_EVERY_MS = 60_000;

/**
 * Earnings accrual looks for due contracts about this often; each running contract is accrued
 * about hourly (`ACCRUAL_INTERVAL_MS`) and an ended one at the next look.
 */
const ACCRUAL_EVERY_MS = 60_000;

/** "Term ends in 48 h" reminders are looked for about this often (they are due to the minute). */
const REMINDERS_EVERY_MS = 60_000;

/**
 * The trust job is looked at about this often (or every DC_TRUST_INTERVAL_MS when shorter); it
 * runs when its own interval is due.
 */
const TRUST_EVERY_MS = 60_000;

/** Options of {@link startSweeper}. */
export interface SweeperOptions {
  readonly db: Kysely<Database>;
  readonly now: () => Date;
  readonly settings: SweepSettings;
  readonly log: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Receipts and invoices, sent and issued on every tick when given. */
  readonly billing?: BillingWork;
  /** Provider earnings, accrued about every minute when given (DC_PLATFORM_FEE_BPS). */
  readonly earnings?: { readonly feeBps: bigint };
  /** Response-time SLA breaches, looked for about every `everyMs` when given. */
  readonly sla?: { readonly everyMs: number };
  /** "Term ends in 48 h" reminders to renters, looked for about every minute when true. */
  readonly termReminders?: boolean;
  /**
   * The trust job (uptime, provider records, trust scores), looked at about every minute when
   * given; it runs when due (DC_TRUST_INTERVAL_MS), on one instance at a time.
   */
  readonly trust?: TrustJobSettings;
  /** Milliseconds between runs; 0 turns the sweeper off. */
  readonly intervalMs: number;
}

/** A running sweeper. */
export interface Sweeper {
  /** Stops the timer and waits for a run in progress, so the database can close after it. */
  stop(): Promise<void>;
}

/**
 * Runs the sweeps at once and then every `intervalMs` (an unref'd timer: it never keeps the
 * process alive), the market price refresh and the earnings accrual about every minute and the
 * archival on the first run and then about hourly. A run still going
 * when the next tick comes is not doubled; a failed run is logged and the next tick tries again.
 */
export function startSweeper(options: SweeperOptions): Sweeper {
  if (options.intervalMs <= 0) return { stop: async () => {} };
  const archiveEvery = Math.max(1, Math.round(ARCHIVE_EVERY_MS / options.intervalMs));
  const marketEvery = Math.max(1, Math.round(MARKET_EVERY_MS / options.intervalMs));
  const accrualEvery = Math.max(1, Math.round(ACCRUAL_EVERY_MS / options.intervalMs));
  const slaEvery = Math.max(1, Math.round((options.sla?.everyMs ?? 0) / options.intervalMs));
  const remindersEvery = Math.max(1, Math.round(REMINDERS_EVERY_MS / options.intervalMs));
  const trustEvery = Math.max(
    1,
    Math.round(
      Math.min(TRUST_EVERY_MS, options.trust?.intervalMs ?? TRUST_EVERY_MS) / options.intervalMs,
    ),
  );
  let ticks = 0;
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running !== null || stopped) return;
    const extras = {
      archive: ticks % archiveEvery === 0,
      market: ticks % marketEvery === 0,
      accrual: ticks % accrualEvery === 0,
      sla: ticks % slaEvery === 0,
      reminders: ticks % remindersEvery === 0,
      trust: ticks % trustEvery === 0,
    };
    ticks += 1;
    running = runOnce(options, extras).finally(() => {
      running = null;
    });
  };
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

async function runOnce(
  options: SweeperOptions,
  extras: {
    readonly archive: boolean;
    readonly market: boolean;
    readonly accrual: boolean;
    readonly sla: boolean;
    readonly reminders: boolean;
    readonly trust: boolean;
  },
): Promise<void> {
  const { db, settings, log } = options;
  try {
    await runSweeps(db, options.now(), settings, log);
  } catch (error) {
    log.error({ err: error }, 'contract sweeps failed');
  }
  if (options.billing) await runBillingRound(db, options.billing, options.now(), log);
  if (extras.accrual && options.earnings) {
    try {
      const report = await runAccrual(db, {
        now: options.now(),
        feeBps: options.earnings.feeBps,
        log,
      });
      if (report.accrued > 0 || report.failed.length > 0) {
        log.info({ accrued: report.accrued, failed: report.failed.length }, 'earnings accrued');
      }
    } catch (error) {
      log.error({ err: error }, 'earnings accrual failed');
    }
  }
  if (extras.reminders && options.termReminders) {
    try {
      const reminded = await remindTermEndings(db, options.now());
      if (reminded > 0) log.info({ reminded }, 'term ending reminders queued');
    } catch (error) {
      log.error({ err: error }, 'term ending reminders failed');
    }
  }
  if (extras.sla && options.sla) {
    try {
      const breached = await recordSlaBreaches(db, { now: options.now(), log });
      if (breached > 0) log.info({ breached }, 'response-time breaches recorded');
    } catch (error) {
      log.error({ err: error }, 'response-time SLA scan failed');
    }
  }
  if (extras.trust && options.trust) {
    try {
      const report = await runTrustJob(db, options.now(), options.trust);
      if (report.ran) log.info(report, 'trust job ran');
    } catch (error) {
      log.error({ err: error }, 'trust job failed');
    }
  }
  if (extras.market) {
    try {
      await refreshMarketPricesOnce(db);
    } catch (error) {
      log.error({ err: error }, 'market price refresh failed');
    }
  }
  if (!extras.archive) return;
  try {
    const archived = await archiveContracts(db, {
      now: options.now(),
      archiveAfterMs: settings.archiveAfterMs,
      batchSize: settings.batchSize,
    });
    if (archived.length > 0) log.info({ count: archived.length }, 'contracts archived');
  } catch (error) {
    log.error({ err: error }, 'contract archival failed');
  }
}
