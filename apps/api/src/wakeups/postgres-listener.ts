import pg from 'pg';
import type { Logger } from 'pino';

/** Options of {@link listenOnPostgres}. */
export interface PostgresListenOptions {
  readonly url: string;
  readonly channel: string;
  readonly logger: Logger;
  readonly onPayload: (payload: string) => void;
  /** Called after every (re)connection once LISTEN is in place: missed notifications are possible. */
  readonly onListening: () => void;
  /** Longest pause between reconnection attempts. */
  readonly maxBackoffMs?: number;
}

/**
 * Keeps one dedicated connection LISTENing on `channel` (pooled connections cannot hold a
 * LISTEN), reconnecting with capped exponential backoff when it drops. Resolves once the first
 * LISTEN is in place; returns the function that stops it.
 */
export async function listenOnPostgres(
  options: PostgresListenOptions,
): Promise<() => Promise<void>> {
  const maxBackoffMs = options.maxBackoffMs ?? 5_000;
  let client: pg.Client | undefined;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let failures = 0;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: options.url });
    // Without an 'error' listener a dropped connection would crash the process.
    next.on('error', (error) => {
      options.logger.warn({ err: error }, 'job wake-up listener lost its connection');
      drop(next);
    });
    next.on('end', () => drop(next));
    next.on('notification', (message) => {
      if (message.channel === options.channel) options.onPayload(message.payload ?? '');
    });
    await next.connect();
    await next.query(`LISTEN ${pg.escapeIdentifier(options.channel)}`);
    if (stopped) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
    failures = 0;
    options.onListening();
  };

  const drop = (which: pg.Client) => {
    if (client !== which) return;
    client = undefined;
    which.end().catch(() => undefined);
    schedule();
  };

  const schedule = () => {
    if (stopped || retryTimer) return;
    const delay = Math.min(maxBackoffMs, 100 * 2 ** failures);
    failures += 1;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect().catch((error: unknown) => {
        options.logger.warn({ err: error }, 'job wake-up listener could not reconnect');
        schedule();
      });
    }, delay);
    retryTimer.unref();
  };

  await connect();
  return async () => {
    stopped = true;
    if (retryTimer) clearTimeout(retryTimer);
    const current = client;
    client = undefined;
    await current?.end().catch(() => undefined);
  };
}
