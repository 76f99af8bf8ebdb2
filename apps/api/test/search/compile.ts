import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from 'kysely';
import type { Database } from '../../src/db/schema';

/** A Kysely that compiles Postgres SQL and never connects, for checking generated SQL. */
export const compiler = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** `offerings AS o LEFT JOIN pools AS p`, as the catalogue tests select. */
export function fromOfferings() {
  return compiler.selectFrom('offerings as o').leftJoin('pools as p', 'p.id', 'o.pool_id');
}
