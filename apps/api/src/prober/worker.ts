import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema';
import { runProbeRound } from './round';

/** Options of {@link startProber}. */
export interface ProberOptions {
  readonly db: Kysely<Database>;
  readonly now: () => Date;
  readonly log: Pick<Logger, 'info' | 'warn' | 'error'>;
  readonly enabled: boolean;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly concurrency: number;
  readonly allowPrivate: boolean;
}

/** A running prober. */
export interface Prober {
  /** Stops the timer and waits for the round in progress. */
  stop(): Promise<void>;
}

/** The schedule is looked at this often at most; a contract is still probed once per interval. */
const MAX_TICK_MS = 30_000;

/**
 * The platform's own prober (trust.md §1), run by every API instance: every tick (a fifth of
 * the interval, at most 30 s; an unref'd timer) it runs a round, in which each instance claims
 * contracts that are due, so every delivered contract is probed once per interval whatever the
 * number of instances. A round still going when the next tick comes is not doubled; a failed
 * one is logged and the next tick tries again.
 */
export function startProber(options: ProberOptions): Prober {
  if (!options.enabled || options.intervalMs <= 0) return { stop: async () => {} };
  const instanceId = randomUUID();
  const tickMs = Math.max(10, Math.min(MAX_TICK_MS, Math.round(options.intervalMs / 5)));
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running !== null || stopped) return;
    running = runProbeRound({
      db: options.db,
      now: options.now(),
      intervalMs: options.intervalMs,
      timeoutMs: options.timeoutMs,
      concurrency: options.concurrency,
      allowPrivate: options.allowPrivate,
      instanceId,
    })
      .then((report) => {
        if (report.probed > 0) options.log.info({ probed: report.probed }, 'prober round');
      })
      .catch((error: unknown) => options.log.error({ err: error }, 'prober round failed'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, tickMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
