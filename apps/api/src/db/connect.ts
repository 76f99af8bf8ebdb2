import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { Database } from './schema';

const INT8_OID = 20;

/**
 * A transaction that runs raw SQL scripts (several statements) and parameterised queries.
 * Used by the migration runner, which must apply a whole file atomically.
 */
export interface ScriptTransaction {
  exec(script: string): Promise<void>;
  query<Row>(text: string, params?: readonly unknown[]): Promise<Row[]>;
}

/** An open database: Kysely for queries, plus what Kysely cannot express. */
export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly engine: 'pglite' | 'postgres';
  /** Runs `work` in one transaction with raw-script access (migrations). */
  scriptTransaction<T>(work: (tx: ScriptTransaction) => Promise<T>): Promise<T>;
  /**
   * PGlite only: LISTEN on its one session (notifications arrive after COMMIT). PostgreSQL
   * listens on a dedicated connection instead (`wakeups/postgres-listener.ts`).
   */
  readonly listen?: (
    channel: string,
    onPayload: (payload: string) => void,
  ) => Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Where the database lives: a PGlite data folder, `memory://`, or a PostgreSQL URL. */
export type DatabaseLocation =
  | { readonly engine: 'pglite'; readonly dataDir: string }
  | { readonly engine: 'postgres'; readonly url: string; readonly maxConnections?: number };

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  // bigint columns hold money and sizes: parse them as BigInt, never as a lossy number.
  const pglite = await PGlite.create({
    dataDir,
    parsers: { [INT8_OID]: (value) => BigInt(value) },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    engine: 'pglite',
    async scriptTransaction(work) {
      // Holding a Kysely connection serialises this with every other query on the one
      // PGlite session.
      return db.connection().execute(async () =>
        pglite.transaction((tx) =>
          work({
            async exec(script) {
              await tx.exec(script);
            },
            async query<Row>(text: string, params: readonly unknown[] = []) {
              return (await tx.query<Row>(text, [...params])).rows;
            },
          }),
        ),
      );
    },
    listen: (channel, onPayload) => pglite.listen(channel, onPayload),
    close: () => db.destroy(),
  };
}

async function openPostgres(url: string, maxConnections = 10): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: url,
    max: maxConnections,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID
          ? (value: string) => BigInt(value)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server closes (restart, failover, DROP DATABASE) emits 'error' on
  // the pool; without a listener that crashes the process. The pool drops the connection and
  // opens a new one on demand, so there is nothing else to do.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgres',
    async scriptTransaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          async exec(script) {
            await client.query(script);
          },
          async query<Row>(text: string, params: readonly unknown[] = []) {
            return (await client.query(text, [...params])).rows as Row[];
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => db.destroy(),
  };
}

/** Opens the database (and creates the PGlite folder if needed). Does not migrate. */
export function openDatabase(location: DatabaseLocation): Promise<DatabaseHandle> {
  return location.engine === 'pglite'
    ? openPglite(location.dataDir)
    : openPostgres(location.url, location.maxConnections);
}
