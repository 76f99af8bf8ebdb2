import type { Logger } from 'pino';
import { describeApiError, isAgentRefused, isApiOutage } from './api-errors';
import { sleep } from './backoff';

/** A loop started by {@link runPeriodically}. */
export interface PeriodicTask {
  /** Resolves when the loop has ended (after its signal aborted). */
  readonly done: Promise<void>;
}

/**
 * Runs `task` now (or after one interval) and then every `intervalMs` after each run ends, on
 * its own timer: runs never overlap and never wait on jobs. A failed run is logged and the
 * next one comes at the usual time (outages are logged once by the API link instead).
 */
export function runPeriodically(
  name: string,
  task: (signal: AbortSignal) => Promise<void>,
  options: {
    readonly intervalMs: number;
    readonly runAtStart: boolean;
    readonly logger: Logger;
    readonly signal: AbortSignal;
  },
): PeriodicTask {
  const { signal, logger } = options;
  const done = (async () => {
    if (!options.runAtStart) await sleep(options.intervalMs, signal);
    while (!signal.aborted) {
      try {
        await task(signal);
      } catch (error) {
        if (signal.aborted) break;
        if (!isApiOutage(error) && !isAgentRefused(error)) {
          logger.warn({ task: name, err: describeApiError(error) }, `${name} failed`);
        }
      }
      await sleep(options.intervalMs, signal);
    }
  })();
  return { done };
}
