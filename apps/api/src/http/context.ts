import type { Logger } from 'pino';
import type { Caller } from '../auth/caller';
import type { Config } from '../config';
import type { DatabaseHandle } from '../db/connect';
import type { Services } from '../services';

/** Hono context variables set by the middleware chain. */
export type AppVariables = {
  requestId: string;
  log: Logger;
  ip: string;
  /** The raw request body, read once so the signature covers exactly these bytes. */
  rawBody: Uint8Array | undefined;
  caller: Caller | undefined;
};

export type AppEnv = { Variables: AppVariables };

/** What every route handler is given besides its validated input. */
export interface RequestContext {
  readonly caller: Caller | undefined;
  readonly db: DatabaseHandle['db'];
  readonly database: DatabaseHandle;
  readonly config: Config;
  readonly log: Logger;
  readonly requestId: string;
  readonly ip: string;
  readonly services: Services;
  /** Number of migrations this build ships (health compares the database with it). */
  readonly expectedMigrations: number;
}
