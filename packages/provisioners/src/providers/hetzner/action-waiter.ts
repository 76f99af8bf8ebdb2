import { isProvisionerError, ProvisionerError } from '../../errors';
import { abortError } from '../../http/retry';
import type { HAction, HCallOptions, HetznerApi } from './api';

/** What one {@link ActionWaiter.wait} waits for. */
export interface ActionWait {
  /** What is being waited for, for error messages (`server 42 to be created`). */
  readonly what: string;
  /** Give up after this long, ms: a retryable `timeout`. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
}

/** One caller's wait: its actions in order and how it ends. */
interface Waiter {
  readonly current: HAction[];
  readonly what: string;
  readonly deadline: number;
  /** Not polled before this time (an action just started is never done). */
  readonly dueAt: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
  readonly detach: () => void;
}

/**
 * Waits for Hetzner actions of every caller of one provisioner with one poller, like
 * hcloud-go's `ActionWaiter`: each round reads all the actions that are due in one request
 * (`GET /actions?id=1&id=2…`, paged), however many jobs are waiting, instead of one request
 * per job. Rounds are at least `intervalMs` apart, and an action is first read `intervalMs`
 * after its wait began. A failed action fails only the wait it belongs to; a read that failed
 * for good (after the request's own retries) is tried again next round when the error is
 * transient, and fails the waits it was made for otherwise.
 */
export class ActionWaiter {
  readonly #api: HetznerApi;
  readonly #intervalMs: number;
  readonly #waiters = new Set<Waiter>();
  #timer: NodeJS.Timeout | undefined;
  #polling = false;
  #lastPollAt = Number.NEGATIVE_INFINITY;

  constructor(api: HetznerApi, intervalMs: number) {
    this.#api = api;
    this.#intervalMs = intervalMs;
  }

  /**
   * Resolves when every action succeeded. The first failed action in order, once every action
   * before it succeeded, is an `upstream_error` with Hetzner's code; the caller's signal aborts
   * this wait only.
   */
  wait(actions: readonly HAction[], options: ActionWait): Promise<void> {
    const current = [...actions];
    try {
      if (firstRunning(current, options.what) === undefined) return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise<void>((resolve, reject) => {
      const now = Date.now();
      const onAbort = () => {
        this.#waiters.delete(waiter);
        reject(abortError(signal));
      };
      const waiter: Waiter = {
        current,
        what: options.what,
        deadline: now + options.timeoutMs,
        dueAt: now + this.#intervalMs,
        resolve,
        reject,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.add(waiter);
      this.#schedule();
    });
  }

  /** Arms the timer for the next round, if one is needed and none is armed or running. */
  #schedule(): void {
    if (this.#polling || this.#timer !== undefined || this.#waiters.size === 0) return;
    let earliest = Number.POSITIVE_INFINITY;
    for (const waiter of this.#waiters) earliest = Math.min(earliest, waiter.dueAt);
    const at = Math.max(earliest, this.#lastPollAt + this.#intervalMs);
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        void this.#poll();
      },
      Math.max(0, at - Date.now()),
    );
  }

  async #poll(): Promise<void> {
    const now = Date.now();
    // Timers may fire a millisecond early by rounding: such a waiter is due.
    const due = [...this.#waiters].filter((w) => w.dueAt <= now + 1);
    const ids = [...new Set(due.flatMap((w) => w.current.filter(isRunning).map((a) => a.id)))];
    if (ids.length === 0) {
      this.#schedule();
      return;
    }
    this.#polling = true;
    this.#lastPollAt = now;
    try {
      const { found, failed } = await this.#read(ids);
      const after = Date.now();
      for (const waiter of due) {
        // Aborted meanwhile: already rejected and removed.
        if (!this.#waiters.has(waiter)) continue;
        this.#update(waiter, found, failed, after);
      }
    } catch (error) {
      // A transient failure (network, 5xx, 429, timeout; the request was already retried) is
      // tried again next round, so one shared request does not fail every job at once; the
      // waits still end at their deadline. Anything else (a revoked token) ends them now.
      const after = Date.now();
      for (const waiter of due) {
        if (!this.#waiters.has(waiter)) continue;
        if (!isTransient(error) || after + this.#intervalMs > waiter.deadline)
          this.#end(waiter, error);
      }
    } finally {
      this.#polling = false;
      this.#schedule();
    }
  }

  /** The current state of these actions: one request when the API can, else one per id. */
  async #read(
    ids: readonly number[],
  ): Promise<{ found: Map<number, HAction>; failed: Map<number, unknown> }> {
    const found = new Map<number, HAction>();
    const failed = new Map<number, unknown>();
    // No caller's signal: the request serves every waiter; each one's abort is its own.
    const o: HCallOptions = {};
    if (this.#api.getActions !== undefined && ids.length > 1) {
      for (const action of await this.#api.getActions(ids, o)) found.set(action.id, action);
    }
    // One action is read by id; so is one missing from a list answer, which then fails as
    // `not_found` for its own waiter only.
    await Promise.all(
      ids
        .filter((id) => !found.has(id))
        .map(async (id) => {
          try {
            found.set(id, await this.#api.getAction(id, o));
          } catch (error) {
            failed.set(id, error);
          }
        }),
    );
    return { found, failed };
  }

  #update(
    waiter: Waiter,
    found: ReadonlyMap<number, HAction>,
    failed: ReadonlyMap<number, unknown>,
    now: number,
  ): void {
    for (const [i, action] of waiter.current.entries()) {
      if (!isRunning(action)) continue;
      const error = failed.get(action.id);
      if (error !== undefined) {
        // Transient: read again next round (as long as the deadline allows).
        if (isTransient(error) && now + this.#intervalMs <= waiter.deadline) return;
        this.#end(waiter, error);
        return;
      }
      const fresh = found.get(action.id);
      if (fresh !== undefined) waiter.current[i] = fresh;
    }
    let running: HAction | undefined;
    try {
      running = firstRunning(waiter.current, waiter.what);
    } catch (error) {
      this.#end(waiter, error);
      return;
    }
    if (running === undefined) {
      this.#end(waiter, undefined);
      return;
    }
    // The same rule as `pollUntil`: no round is started that would end past the deadline.
    if (now + this.#intervalMs > waiter.deadline) {
      this.#end(
        waiter,
        new ProvisionerError('timeout', `timed out waiting for ${waiter.what}`, {
          retryable: true,
        }),
      );
    }
  }

  /** Ends a wait: resolved when `error` is undefined, else rejected with it. */
  #end(waiter: Waiter, error: unknown): void {
    this.#waiters.delete(waiter);
    waiter.detach();
    if (error === undefined) waiter.resolve();
    else waiter.reject(error);
  }
}

/** An error the same request may not meet next time (network, 5xx, 429, timeout). */
function isTransient(error: unknown): boolean {
  return isProvisionerError(error) && error.retryable && error.code !== 'aborted';
}

function isRunning(action: HAction): boolean {
  return action.status === 'running';
}

/** The first action still running, after throwing for a failed one before it. */
function firstRunning(actions: readonly HAction[], what: string): HAction | undefined {
  for (const action of actions) {
    if (action.status === 'running') return action;
    if (action.status === 'error') {
      throw new ProvisionerError(
        'upstream_error',
        `Hetzner action ${action.command} (#${action.id}) failed while waiting for ${what}: ${action.error?.code ?? 'error'}: ${action.error?.message ?? 'no message'}`,
        action.error ? { upstreamCode: action.error.code } : {},
      );
    }
  }
  return undefined;
}
