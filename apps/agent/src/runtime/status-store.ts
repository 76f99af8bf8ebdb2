import { join } from 'node:path';
import type { Logger } from 'pino';
import { writeJsonAtomic } from './atomic-json';

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

/**
 * Holds the status and writes it to disk after every change. Writes are serialised and
 * coalesced: while one is in flight, further changes are written once more when it ends, so a
 * burst of job events costs two writes, not one each.
 */
export class StatusStore {
  #status: RuntimeStatus;
  #writing: Promise<void> | undefined;
  #dirty = false;
  readonly path: string;

  constructor(
    stateDir: string,
    initial: RuntimeStatus,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {
    this.path = join(stateDir, STATUS_FILE);
    this.#status = initial;
  }

  get(): RuntimeStatus {
    return this.#status;
  }

  /** Applies `change` and schedules a write. */
  update(change: (status: RuntimeStatus) => Partial<RuntimeStatus>): void {
    this.#status = {
      ...this.#status,
      ...change(this.#status),
      updated_at: new Date(this.now()).toISOString(),
    };
    this.#schedule();
  }

  /** Resolves when everything changed so far is on disk. */
  async flush(): Promise<void> {
    while (this.#writing) await this.#writing;
  }

  #schedule(): void {
    if (this.#writing) {
      this.#dirty = true;
      return;
    }
    this.#writing = this.#write().finally(() => {
      this.#writing = undefined;
      if (this.#dirty) {
        this.#dirty = false;
        this.#schedule();
      }
    });
  }

  async #write(): Promise<void> {
    try {
      await writeJsonAtomic(this.path, this.#status);
    } catch (error) {
      // A full disk must not stop the agent; the status file is for people, not for safety.
      this.logger.warn({ err: messageOf(error), path: this.path }, 'could not write status file');
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
