import { ProvisionerError } from './errors';
import { sleep } from './http/retry';

/** Settings of {@link pollUntil}. */
export interface PollOptions {
  /** Wait between checks, ms (default 1000). */
  readonly intervalMs?: number;
  /** Give up after this long, ms (default 10 minutes). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal | undefined;
  /**
   * Wait this long before the first check, ms (default 0: check at once). A cloud action that
   * was just started is never finished yet, so checking at once only costs a request.
   */
  readonly firstCheckAfterMs?: number;
  /** What is being waited for, for the timeout message. */
  readonly what: string;
}

/**
 * Polls `check` until it returns a value other than `undefined` (a cloud action finished, a
 * Proxmox task stopped). `check` throws to fail; a timeout is a retryable `timeout` error.
 * The one poller shared by every provisioner's action/task waiting.
 */
export async function pollUntil<T>(
  check: () => Promise<T | undefined>,
  options: PollOptions,
): Promise<T> {
  const interval = options.intervalMs ?? 1000;
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  const first = options.firstCheckAfterMs ?? 0;
  if (first > 0) await sleep(first, options.signal);
  for (;;) {
    const result = await check();
    if (result !== undefined) return result;
    if (Date.now() + interval > deadline) {
      throw new ProvisionerError('timeout', `timed out waiting for ${options.what}`, {
        retryable: true,
      });
    }
    await sleep(interval, options.signal);
  }
}
