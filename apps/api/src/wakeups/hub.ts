/** A registration for one queue, made before the caller looks at the queue. */
export interface Wakeup {
  /**
   * Resolves `true` once a job was enqueued for the queue since {@link JobWakeups.subscribe}
   * (at once if that already happened), `false` after `timeoutMs` or when the server closes.
   */
  wait(timeoutMs: number): Promise<boolean>;
  /** Drops the registration; a pending `wait` resolves `false`. */
  cancel(): void;
}

/** Lets long-polls wait for enqueued jobs instead of polling the table. */
export interface JobWakeups {
  /**
   * Registers interest in a queue (`queueKey(provider, pool)`). Subscribe first, then check the
   * queue, then wait: a job committed between the check and the wait still wakes the caller.
   */
  subscribe(key: string): Wakeup;
  /** Stops listening and resolves every pending wait with `false`. */
  close(): Promise<void>;
}

interface Registration {
  woken: boolean;
  settle: ((woken: boolean) => void) | undefined;
}

/**
 * The in-process side of wake-ups: registrations by queue key, woken by whatever delivers the
 * notifications (a PostgreSQL LISTEN connection, PGlite's LISTEN). Cheap enough for thousands
 * of waiting agents: a wake touches only the registrations of one queue.
 */
export class WakeupHub implements JobWakeups {
  private readonly byKey = new Map<string, Set<Registration>>();
  private closed = false;

  constructor(private readonly onClose: () => Promise<void> = async () => undefined) {}

  subscribe(key: string): Wakeup {
    const registration: Registration = { woken: false, settle: undefined };
    const remove = () => {
      const set = this.byKey.get(key);
      set?.delete(registration);
      if (set?.size === 0) this.byKey.delete(key);
    };
    if (!this.closed) {
      let set = this.byKey.get(key);
      if (!set) {
        set = new Set();
        this.byKey.set(key, set);
      }
      set.add(registration);
    }
    return {
      wait: (timeoutMs) => {
        if (registration.woken || this.closed) {
          remove();
          return Promise.resolve(registration.woken);
        }
        return new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => registration.settle?.(false), Math.max(0, timeoutMs));
          registration.settle = (woken) => {
            clearTimeout(timer);
            registration.settle = undefined;
            remove();
            resolve(woken);
          };
        });
      },
      cancel: () => {
        remove();
        registration.settle?.(false);
      },
    };
  }

  /** A job was enqueued (and committed) for `key`. */
  wake(key: string): void {
    const set = this.byKey.get(key);
    if (!set) return;
    for (const registration of [...set]) {
      registration.woken = true;
      registration.settle?.(true);
    }
  }

  /**
   * Wakes every registration: after a lost listener connection notifications may have been
   * missed, so every waiter looks at its queue again.
   */
  wakeAll(): void {
    for (const key of [...this.byKey.keys()]) this.wake(key);
  }

  /** Number of registrations (tests and metrics). */
  get waiting(): number {
    let count = 0;
    for (const set of this.byKey.values()) count += set.size;
    return count;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const set of [...this.byKey.values()]) {
      for (const registration of [...set]) registration.settle?.(false);
    }
    this.byKey.clear();
    await this.onClose();
  }
}
