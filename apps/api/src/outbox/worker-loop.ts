import type { Logger } from 'pino';
import type { JobWakeups } from '../wakeups/hub';

/** Without polling a worker still wakes whenever its work is queued; this bounds the wait. */
const IDLE_WAIT_MS = 3_600_000;

/** Options of {@link startWorkerLoop}. */
export interface WorkerLoopOptions {
  readonly wakeups: JobWakeups;
  /** The wake-up key that a transaction queueing this work notifies at its commit. */
  readonly wakeupKey: string;
  /** How often to look for retries and ended leases; 0 = only when woken. */
  readonly pollMs: number;
  /**
   * One pass over the due work. `stopping` turns true once {@link BackgroundWorker.stop} was
   * called, for a pass that loops over batches to end early.
   */
  readonly pass: (stopping: () => boolean) => Promise<void>;
  readonly log: Pick<Logger, 'error'>;
  /** Logged with the error when a pass throws; the next pass tries again. */
  readonly failureMessage: string;
}

/** A running background worker. */
export interface BackgroundWorker {
  /** Stops after the pass in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `pass` in every instance: at once, then whenever the work's wake-up fires (delivered at
 * the commit of the transaction that queued the work, on every instance) and otherwise every
 * `pollMs`. Instances share the work through their claims (`SKIP LOCKED`), so running it
 * everywhere sends nothing twice. It subscribes before each pass, so work committed during a
 * pass still wakes the wait that follows it.
 */
export function startWorkerLoop(options: WorkerLoopOptions): BackgroundWorker {
  let stopped = false;
  let cancelWait: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      const wakeup = options.wakeups.subscribe(options.wakeupKey);
      cancelWait = () => wakeup.cancel();
      try {
        await options.pass(() => stopped);
      } catch (error) {
        options.log.error({ err: error }, options.failureMessage);
      }
      if (stopped) break;
      await wakeup.wait(options.pollMs > 0 ? options.pollMs : IDLE_WAIT_MS);
      wakeup.cancel();
    }
  })();
  return {
    async stop() {
      stopped = true;
      cancelWait?.();
      await loop;
    },
  };
}
