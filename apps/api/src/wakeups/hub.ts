/** A registration for one queue, made before the caller looks at the queue. */
export interface Wakeup {
  /**
   * Resolves `true` once a job was enqueued for the queue since {@link JobWakeups.subscribe}
   * (at once if that already happened), `false` after `timeoutMs` or when the server closes.
   */
  wait(timeoutMs: number): Promise<boolean>;
  /**
   * Hands the wake-up that ended `wait` to the next waiter of the queue: call it when the look
   * after waking found nothing (another claimer won, or the job is not for this caller) or a
   * full batch (more may be queued). Bounded: one notification visits each waiter at most once.
   */
  passOn(): void;
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
  /** `wait` returned the wake-up: the caller looks at the queue after the notification. */
  consumed: boolean;
  /** How many more waiters this wake-up may be passed on to; negative: no duty to pass it on. */
  hops: number;
  settle: ((woken: boolean) => void) | undefined;
}

/**
 * The in-process side of wake-ups: registrations by queue key, woken by whatever delivers the
 * notifications (a PostgreSQL LISTEN connection, PGlite's LISTEN). Cheap enough for thousands
 * of waiting agents: a wake touches only the registrations of one queue, and wakes one parked
 * waiter per notification rather than all of them, so a job does not send every agent of a pool
 * racing for the database (the woken one passes it on when it found nothing or a full batch).
 */
export class WakeupHub implements JobWakeups {
  private readonly byKey = new Map<string, Set<Registration>>();
  private closed = false;

  constructor(private readonly onClose: () => Promise<void> = async () => undefined) {}

  subscribe(key: string): Wakeup {
    const registration: Registration = {
      woken: false,
      consumed: false,
      hops: -1,
      settle: undefined,
    };
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
          registration.consumed = registration.woken;
          return Promise.resolve(registration.woken);
        }
        return new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => registration.settle?.(false), Math.max(0, timeoutMs));
          registration.settle = (woken) => {
            clearTimeout(timer);
            registration.settle = undefined;
            remove();
            registration.consumed = woken;
            resolve(woken);
          };
        });
      },
      passOn: () => {
        if (registration.consumed && registration.hops > 0 && !this.closed) {
          const hops = registration.hops;
          registration.hops = -1;
          this.wake(key, hops - 1);
        }
      },
      cancel: () => {
        remove();
        registration.settle?.(false);
        // Woken but never looked after the notification (its request ended with what an earlier
        // look found): the job may still be queued, so the next waiter must look.
        if (registration.woken && !registration.consumed && registration.hops >= 0) {
          const hops = registration.hops;
          registration.hops = -1;
          if (!this.closed) this.wake(key, hops);
        }
      },
    };
  }

  /**
   * A job was enqueued (and committed) for `key`: wakes the longest-parked waiter, and marks
   * every registration that is mid-look (subscribed, not yet waiting) so it looks once more
   * (its look may have started before the commit). `hops` bounds passing the wake-up on;
   * by default every other current waiter may get it.
   */
  wake(key: string, hops?: number): void {
    const set = this.byKey.get(key);
    if (!set) return;
    const budget = hops ?? set.size - 1;
    let parked: Registration | undefined;
    const looking: Registration[] = [];
    for (const registration of set) {
      if (registration.woken) continue;
      if (registration.settle) parked ??= registration;
      else looking.push(registration);
    }
    for (const registration of looking) {
      registration.woken = true;
      // Without a parked waiter, these carry the wake-up and must not drop it.
      registration.hops = parked ? -1 : budget;
    }
    if (parked) {
      parked.woken = true;
      parked.hops = budget;
      parked.settle?.(true);
    }
  }

  /**
   * Wakes every registration: after a lost listener connection notifications may have been
   * missed, so every waiter looks at its queue again.
   */
  wakeAll(): void {
    for (const set of [...this.byKey.values()]) {
      for (const registration of [...set]) {
        registration.woken = true;
        registration.settle?.(true);
      }
    }
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
