import type { Logger } from 'pino';
import { describeApiError, isAgentRefused, isApiOutage } from './api-errors';
import type { RuntimeEvent } from './events';
import type { StatusStore } from './status-store';

/**
 * A success counts as recovery only this long after the last failure. A server shutting down
 * still answers on open connections while refusing new ones; without this quiet time that
 * half-up phase would log an outage and a recovery for every other call.
 */
export const RECOVERY_QUIET_MS = 1_000;

/**
 * What the agent knows about its connection to the API, shared by every loop. It turns many
 * failed calls into one "unreachable" log line and event per outage and one "recovered" line
 * when calls get through again, so an hour-long outage does not flood the journal. Outage
 * times are measured on the monotonic clock, not the injectable `now` (tests freeze that).
 */
export class ApiLink {
  #downSince: number | undefined;
  #lastFailure = Number.NEGATIVE_INFINITY;
  #refused = false;

  constructor(
    private readonly logger: Logger,
    private readonly status: StatusStore,
    private readonly emit: (event: RuntimeEvent) => void,
    private readonly now: () => number,
  ) {}

  /** Whether the API is currently considered unreachable. */
  get down(): boolean {
    return this.#downSince !== undefined;
  }

  /** A call got an answer (any answer that is not an outage). */
  ok(): void {
    if (this.#downSince !== undefined) {
      if (performance.now() - this.#lastFailure < RECOVERY_QUIET_MS) return;
      const downMs = Math.round(performance.now() - this.#downSince);
      this.#downSince = undefined;
      this.logger.info({ down_ms: downMs }, 'API reachable again');
      this.emit({ type: 'api_recovered', downMs });
    }
    // Only state changes are written: a status file rewritten on every call wears the disk.
    if (this.#refused || this.status.get().api.state !== 'reachable') {
      this.#refused = false;
      this.#setState('reachable', null);
    }
  }

  /**
   * A call failed. Outages and refusals are recorded (logged once each); returns whether the
   * error was one of them (the caller backs off), `false` for anything else.
   */
  failed(error: unknown): boolean {
    const message = describeApiError(error);
    if (isApiOutage(error)) {
      this.#lastFailure = performance.now();
      if (this.#downSince === undefined) {
        this.#downSince = this.#lastFailure;
        this.logger.warn({ err: message }, 'API unreachable; retrying with backoff');
        this.emit({ type: 'api_unreachable', error: message });
        this.status.update(
          (s) => ({ api: { ...s.api, state: 'unreachable', last_error: message } }),
          { urgent: true },
        );
      }
      return true;
    }
    if (isAgentRefused(error)) {
      // The server answered, so it is not an outage; but only an operator can fix this.
      this.#downSince = undefined;
      if (!this.#refused) {
        this.#refused = true;
        this.logger.error({ err: message }, 'API refused this agent');
        this.emit({ type: 'api_refused', error: message });
        this.#setState('refused', message);
      }
      return true;
    }
    return false;
  }

  #setState(state: 'reachable' | 'unreachable' | 'refused', error: string | null): void {
    const since = new Date(this.now()).toISOString();
    this.status.update(() => ({ api: { state, since, last_error: error } }), { urgent: true });
  }
}
