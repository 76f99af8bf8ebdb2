import pg from 'pg';

/** One statement the server sent to PostgreSQL, with its bound parameters. */
export interface CapturedQuery {
  readonly text: string;
  readonly values: readonly unknown[];
}

/**
 * Records every statement the process sends through `pg` while `work` runs. The server under
 * benchmark runs in this process, so this yields the exact SQL its search translation built
 * (parameterised, as it is sent), to be explained afterwards.
 */
export async function captureQueries(work: () => Promise<void>): Promise<CapturedQuery[]> {
  const captured: CapturedQuery[] = [];
  const prototype = pg.Client.prototype as unknown as {
    query: (this: pg.Client, ...args: unknown[]) => unknown;
  };
  const original = prototype.query;
  prototype.query = function query(this: pg.Client, ...args: unknown[]) {
    const [first, second] = args;
    const text = typeof first === 'string' ? first : (first as { text?: unknown })?.text;
    const values = Array.isArray(second)
      ? second
      : ((first as { values?: unknown[] })?.values ?? []);
    if (typeof text === 'string') captured.push({ text, values });
    return original.apply(this, args);
  };
  try {
    await work();
  } finally {
    prototype.query = original;
  }
  return captured;
}

/** `EXPLAIN (ANALYZE, BUFFERS)` of a captured statement, as the text PostgreSQL prints. */
export async function explainAnalyze(url: string, query: CapturedQuery): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) ${query.text}`,
      [...query.values],
    );
    return result.rows.map((row) => row['QUERY PLAN']).join('\n');
  } finally {
    await client.end();
  }
}
