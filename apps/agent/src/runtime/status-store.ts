import { join } from 'node:path';
import type { Logger } from 'pino';
import { writeJsonAtomicSync } from './atomic-json';

/** A job the agent is working on, as `dc-agent status` shows it. */
export interface RuntimeJobStatus {
  readonly job_id: string;
  readonly kind: string;
  readonly contract_id: string;
  readonly attempt: number;
  readonly started_at: string;
}

/** An instance nobody claims, waiting out its grace period. */
export interface RuntimeOrphanStatus {
  readonly provisioner: string;
  readonly external_id: string;
  readonly contract_id: string | null;
  readonly first_seen_at: string;
  readonly terminate_after: string;
}

/**
 * What the daemon is doing, as written to `<stateDir>/status.json` on every change (snake_case:
 * it is a file other tools read). `dc-agent status` checks `pid` is alive before trusting it.
 */
export interface RuntimeStatus {
  readonly pid: number;
  readonly version: string;
  readonly api_url: string;
  readonly agent_key: string;
  readonly started_at: string;
  readonly updated_at: string;
  readonly state: 'running' | 'stopping' | 'stopped';
  readonly api: {
    readonly state: 'unknown' | 'reachable' | 'unreachable' | 'refused';
    /** When the API entered this state. */
    readonly since: string | null;
    /** The error of the current outage or refusal; null while reachable. */
    readonly last_error: string | null;
  };
  readonly concurrency: number;
  readonly jobs: readonly RuntimeJobStatus[];
  readonly last_heartbeat_at: string | null;
  readonly last_reconcile_at: string | null;
  readonly last_health_at: string | null;
  readonly orphans: readonly RuntimeOrphanStatus[];
}

/** The file name of the status inside the state folder. */
export const STATUS_FILE = 'status.json';

/** Least time between two writes of the status file, ms (see {@link StatusStore}). */
export const STATUS_WRITE_INTERVAL_MS = 1_000;

/** Options of {@link StatusStore.update}. */
export interface StatusUpdateOptions {
  /**
   * Write without waiting out the interval: a change a person or a supervisor watches for
   * (API reachable or not, stopping), rare by nature.
   */
  readonly urgent?: boolean;
}

/**
 * Holds the status and writes it to disk after changes: at most one write in flight and one
 * pending, and at most one write per {@link STATUS_WRITE_INTERVAL_MS} (urgent changes and
 * {@link flush} excepted). A busy agent changes its job list several times per contract; the
 * file is for `dc-agent status`, which needs it current to the second, not every change.
 * Writes are atomic (a temporary file renamed over the old one) but synchronous and not
 * fsynced ({@link writeJsonAtomicSync}): after a power cut a stale status is harmless (the pid
 * check tells it).
 */
export class StatusStore {
  #status: RuntimeStatus;
  #writing: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #dirty = false;
  /** An urgent change came while a write was in flight. */
  #urgent = false;
  #lastWriteAt = Number.NEGATIVE_INFINITY;
  readonly path: string;

  constructor(
    stateDir: string,
    initial: RuntimeStatus,
    private readonly logger: Logger,
    private readonly now: () => number,
    private readonly intervalMs: number = STATUS_WRITE_INTERVAL_MS,
  ) {
    this.path = join(stateDir, STATUS_FILE);
    this.#status = initial;
  }

  get(): RuntimeStatus {
    return this.#status;
  }

  /** Applies `change` and schedules a write. */
  update(
    change: (status: RuntimeStatus) => Partial<RuntimeStatus>,
    options: StatusUpdateOptions = {},
  ): void {
    this.#status = {
      ...this.#status,
      ...change(this.#status),
      updated_at: new Date(this.now()).toISOString(),
    };
    this.#dirty = true;
    this.#schedule(options.urgent === true);
  }

  /** Resolves when everything changed so far is on disk. */
  async flush(): Promise<void> {
    while (this.#writing !== undefined || this.#timer !== undefined) {
      if (this.#timer !== undefined) this.#schedule(true);
      if (this.#writing !== undefined) await this.#writing;
    }
  }

  #schedule(urgent: boolean): void {
    if (!this.#dirty) return;
    if (this.#writing !== undefined) {
      // Written when the current one ends.
      this.#urgent ||= urgent;
      return;
    }
    const wait = urgent ? 0 : this.#lastWriteAt + this.intervalMs - performance.now();
    if (wait > 0) {
      // Not kept alive for it: a stopping agent flushes.
      this.#timer ??= setTimeout(() => {
        this.#timer = undefined;
        this.#schedule(true);
      }, wait).unref();
      return;
    }
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#lastWriteAt = performance.now();
    this.#writing = this.#write().finally(() => {
      this.#writing = undefined;
      const next = this.#urgent;
      this.#urgent = false;
      this.#schedule(next);
    });
  }

  async #write(): Promise<void> {
    try {
      // A microtask later: the changes made by the same synchronous run go into this write.
      await Promise.resolve();
      this.#dirty = false;
      writeJsonAtomicSync(this.path, this.#status);
    } catch (error) {
      // A full disk must not stop the agent; the status file is for people, not for safety.
      this.logger.warn({ err: messageOf(error), path: this.path }, 'could not write status file');
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
