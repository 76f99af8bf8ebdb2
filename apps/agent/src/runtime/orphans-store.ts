import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import { writeJsonAtomic } from './atomic-json';
import { instanceKey } from './inventory';

/** The file name of the orphan timers inside the state folder. */
export const ORPHANS_FILE = 'orphans.json';

/** An instance the API says nobody claims, and when this agent first saw it so. */
export interface OrphanRecord {
  readonly provisioner: string;
  readonly external_id: string;
  readonly contract_id: string | null;
  /** ISO time; the grace period runs from here, across restarts. */
  readonly first_seen_at: string;
}

const OrphansFile = z.object({
  version: z.literal(1),
  orphans: z.array(
    z.object({
      provisioner: z.string().min(1),
      external_id: z.string().min(1),
      contract_id: z.string().nullable(),
      first_seen_at: z.iso.datetime({ offset: true }),
    }),
  ),
});

/**
 * The orphan grace timers, persisted in `<stateDir>/orphans.json` (atomic writes, mode 0600)
 * so a restart does not restart every grace period, and an agent that restarts more often
 * than the grace period still removes orphans eventually.
 */
export class OrphanStore {
  readonly #records = new Map<string, OrphanRecord>();
  #changed = false;
  readonly path: string;

  private constructor(stateDir: string) {
    this.path = join(stateDir, ORPHANS_FILE);
  }

  /**
   * Loads the timers. A missing file is an empty store; an unreadable one is logged and
   * replaced, which only restarts grace periods (orphans then live longer, never shorter).
   * Synchronous: it runs once at start, where a state folder the agent cannot read must stop
   * it with a clear error.
   */
  static load(stateDir: string, logger: Logger): OrphanStore {
    const store = new OrphanStore(stateDir);
    let text: string;
    try {
      text = readFileSync(store.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return store;
      throw error;
    }
    let parsed: z.output<typeof OrphansFile> | undefined;
    try {
      const result = OrphansFile.safeParse(JSON.parse(text));
      if (result.success) parsed = result.data;
    } catch {
      // Not JSON: handled below like a wrong shape.
    }
    if (parsed === undefined) {
      logger.warn({ path: store.path }, 'orphan timers unreadable; starting them afresh');
      store.#changed = true;
      return store;
    }
    for (const record of parsed.orphans) {
      store.#records.set(instanceKey(record.provisioner, record.external_id), record);
    }
    return store;
  }

  /** When this instance was first seen unclaimed; recorded as `now` the first time. */
  firstSeen(
    provisioner: string,
    externalId: string,
    contractId: string | null,
    now: number,
  ): number {
    const key = instanceKey(provisioner, externalId);
    const known = this.#records.get(key);
    if (known !== undefined) return Date.parse(known.first_seen_at);
    this.#records.set(key, {
      provisioner,
      external_id: externalId,
      contract_id: contractId,
      first_seen_at: new Date(now).toISOString(),
    });
    this.#changed = true;
    return now;
  }

  /** Stops timing an instance (claimed again, terminated, or gone). */
  forget(provisioner: string, externalId: string): void {
    if (this.#records.delete(instanceKey(provisioner, externalId))) this.#changed = true;
  }

  /**
   * Forgets every timer of a provisioner in `listed` whose instance is not in `present`: it
   * disappeared. Timers of provisioners that could not be listed are kept.
   */
  retain(present: ReadonlySet<string>, listed: ReadonlySet<string>): void {
    for (const [key, record] of this.#records) {
      if (listed.has(record.provisioner) && !present.has(key)) {
        this.#records.delete(key);
        this.#changed = true;
      }
    }
  }

  /** Every timer. */
  list(): OrphanRecord[] {
    return [...this.#records.values()];
  }

  /** Writes the timers if they changed since the last save. */
  async save(): Promise<void> {
    if (!this.#changed) return;
    await writeJsonAtomic(this.path, { version: 1, orphans: this.list() });
    this.#changed = false;
  }
}
