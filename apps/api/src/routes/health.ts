import type { operations } from '@dc/client';
import { sql } from 'kysely';
import type { Handler } from '../http/mount';
import { HttpProblem } from '../http/problem';

/** `GET /v1/health`: 200 when the database answers and its migrations match this build. */
export const getHealth: Handler<typeof operations.getHealth> = async (
  _input,
  { db, expectedMigrations, config },
) => {
  let applied: number;
  try {
    const row = await sql<{ n: number }>`SELECT count(*)::int AS n FROM schema_migrations`.execute(
      db,
    );
    applied = row.rows[0]?.n ?? 0;
  } catch (error) {
    throw new HttpProblem(503, 'database_unreachable', 'The database does not answer.', {
      cause: error,
    });
  }
  const current = applied === expectedMigrations;
  return {
    status: current ? 'ok' : 'degraded',
    database: 'ok',
    migrations: { applied, expected: expectedMigrations, current },
    version: '0.0.0',
    sandbox: config.DC_SANDBOX,
  };
};
