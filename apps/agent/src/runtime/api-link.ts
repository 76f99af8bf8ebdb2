import type { Logger } from 'pino';
import { describeApiError, isAgentRefused, isApiOutage } from './api-errors';
import type { RuntimeEvent } from './events';
import type { StatusStore } from './status-store';

/**
 * What the agent knows about its connection to the API, shared by every loop. It turns many
 * failed calls into one "unreachable" log line and event per outage and one "recovered" line
 * when any call gets through again, so an hour-long outage does not flood the journal.
 */
export class ApiLink {
  #downSince: number | undefined;
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
      const downMs = this.now() - this.#downSince;
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
      if (this.#downSince === undefined) {
        this.#downSince = this.now();
        this.logger.warn({ err: message }, 'API unreachable; retrying with backoff');
        this.emit({ type: 'api_unreachable', error: message });
        this.status.update((s) => ({
          api: { ...s.api, state: 'unreachable', last_error: message },
        }));
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
    this.status.update(() => ({ api: { state, since, last_error: error } }));
  }
}
