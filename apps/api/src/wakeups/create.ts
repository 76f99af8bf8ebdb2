import type { Logger } from 'pino';
import type { DatabaseHandle } from '../db/connect';
import { JOBS_CHANNEL } from './channel';
import { type JobWakeups, WakeupHub } from './hub';
import { listenOnPostgres } from './postgres-listener';

/** Where {@link createJobWakeups} listens. */
export interface JobWakeupsOptions {
  readonly database: DatabaseHandle;
  /** The PostgreSQL URL (a dedicated LISTEN connection); unset on PGlite. */
  readonly url: string | undefined;
  readonly logger: Logger;
}

/**
 * The wake-up service of one API instance: on PostgreSQL one dedicated LISTEN connection
 * (notifications from every instance arrive on it), on PGlite LISTEN on its single session.
 * Either way a notification is delivered only after the enqueuing transaction commits.
 */
export async function createJobWakeups(options: JobWakeupsOptions): Promise<JobWakeups> {
  let stop: () => Promise<void> = async () => undefined;
  const hub = new WakeupHub(() => stop());
  if (options.database.engine === 'postgres') {
    if (!options.url) throw new Error('createJobWakeups: a PostgreSQL database needs its URL');
    let first = true;
    stop = await listenOnPostgres({
      url: options.url,
      channel: JOBS_CHANNEL,
      logger: options.logger,
      onPayload: (payload) => hub.wake(payload),
      onListening: () => {
        if (!first) hub.wakeAll();
        first = false;
      },
    });
  } else {
    const listen = options.database.listen;
    if (!listen) throw new Error('createJobWakeups: this database cannot LISTEN');
    // No UNLISTEN on close: it would run on the one session in the middle of whatever request
    // is still draining; closing the database ends the LISTEN anyway.
    await listen(JOBS_CHANNEL, (payload) => hub.wake(payload));
  }
  return hub;
}
