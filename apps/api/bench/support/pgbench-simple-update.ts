import pg from 'pg';

/** Rows per scale unit, as `pgbench -i` makes them. */
const ACCOUNTS = 100_000;
const TELLERS = 10;
const BRANCHES = 1;

/**
 * `pgbench -i -s scale` done over `pg`: the four pgbench tables with their primary keys, filled
 * as pgbench fills them (balances 0, filler padding, fillfactor 100, vacuumed afterwards).
 */
export async function initPgbench(url: string, scale = 1): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`
      DROP TABLE IF EXISTS pgbench_accounts, pgbench_branches, pgbench_history, pgbench_tellers;
      CREATE TABLE pgbench_history (tid int, bid int, aid int, delta int, mtime timestamp, filler char(22));
      CREATE TABLE pgbench_tellers (tid int NOT NULL, bid int, tbalance int, filler char(84)) WITH (fillfactor = 100);
      CREATE TABLE pgbench_accounts (aid int NOT NULL, bid int, abalance int, filler char(84)) WITH (fillfactor = 100);
      CREATE TABLE pgbench_branches (bid int NOT NULL, bbalance int, filler char(88)) WITH (fillfactor = 100);
      INSERT INTO pgbench_branches (bid, bbalance) SELECT i, 0 FROM generate_series(1, ${BRANCHES * scale}) AS i;
      INSERT INTO pgbench_tellers (tid, bid, tbalance)
        SELECT i, (i - 1) / ${TELLERS} + 1, 0 FROM generate_series(1, ${TELLERS * scale}) AS i;
      INSERT INTO pgbench_accounts (aid, bid, abalance, filler)
        SELECT i, (i - 1) / ${ACCOUNTS} + 1, 0, '' FROM generate_series(1, ${ACCOUNTS * scale}) AS i;
      ALTER TABLE pgbench_branches ADD PRIMARY KEY (bid);
      ALTER TABLE pgbench_tellers ADD PRIMARY KEY (tid);
      ALTER TABLE pgbench_accounts ADD PRIMARY KEY (aid);
    `);
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
}

const random = (low: number, high: number) => low + Math.floor(Math.random() * (high - low + 1));

/**
 * pgbench's built-in "simple-update" script (`pgbench -N`, documented in the pgbench manual),
 * run by `clients` connections for `durationMs`, each sending the statements one by one with
 * the simple query protocol as pgbench's default `-M simple` does:
 *
 *     \set aid random(1, 100000 * :scale)  \set bid random(1, 1 * :scale)
 *     \set tid random(1, 10 * :scale)      \set delta random(-5000, 5000)
 *     BEGIN;
 *     UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;
 *     SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
 *     INSERT INTO pgbench_history (tid, bid, aid, delta, mtime)
 *       VALUES (:tid, :bid, :aid, :delta, CURRENT_TIMESTAMP);
 *     END;
 *
 * Returns committed transactions per second (pgbench's "tps", connection time excluded).
 */
export async function runSimpleUpdate(
  url: string,
  clients: number,
  durationMs: number,
  scale = 1,
): Promise<{ transactions: number; tps: number }> {
  const connections = await Promise.all(
    Array.from({ length: clients }, async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      return client;
    }),
  );
  let transactions = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  try {
    await Promise.all(
      connections.map(async (client) => {
        while (performance.now() < deadline) {
          const aid = random(1, ACCOUNTS * scale);
          const bid = random(1, BRANCHES * scale);
          const tid = random(1, TELLERS * scale);
          const delta = random(-5000, 5000);
          // Literal values, as pgbench -M simple interpolates them (all are integers).
          await client.query('BEGIN;');
          await client.query(
            `UPDATE pgbench_accounts SET abalance = abalance + ${delta} WHERE aid = ${aid};`,
          );
          await client.query(`SELECT abalance FROM pgbench_accounts WHERE aid = ${aid};`);
          await client.query(
            `INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (${tid}, ${bid}, ${aid}, ${delta}, CURRENT_TIMESTAMP);`,
          );
          await client.query('END;');
          transactions += 1;
        }
      }),
    );
  } finally {
    await Promise.all(connections.map((client) => client.end()));
  }
  const seconds = (performance.now() - started) / 1000;
  return { transactions, tps: transactions / seconds };
}
