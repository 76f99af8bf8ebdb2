import { sql } from 'kysely';
import { bench, describe } from 'vitest';
import { openDatabase } from '../src/db/connect';
import { migrate } from '../src/db/migrate';
import { runTrustJob, type TrustJobSettings } from '../src/trust/job';
import { createTestDatabase } from '../test/support/databases';
import { addRunningContractRows, seedTrust } from './support/trust-seed';

/**
 * The trust job on PostgreSQL with 1,000 providers and 1,000,000 health checks (issue 9: full
 * recompute <= 30 s, incremental updates cheaper than a full recompute).
 *
 * Seed (generate_series, straight into the tables): 1,000 providers with an offering each
 * (`support/catalogue.ts`), 3,000 renters, 5 delivered contracts per provider (5,000 with their
 * history rows and segments): four ended after 200 checks, one still running; 200 agent checks
 * every 5 minutes per contract (1,000,000 rows, 1 % unhealthy, a 30-minute silence in one
 * contract of ten), an hour of probes per running contract, feedback on the ended ones.
 *
 * Then:
 * 1. full recompute: every contract's uptime hours from the raw rows, the windows, 1,000
 *    provider records and scores, offerings and providers updated, alerts (`full: true`);
 * 2. incremental update 15 minutes later, after 3 checks and 1 probe more per running contract
 *    (4,000 rows): only the dirty contracts' hours and the running ones' last hour are
 *    recomputed; windows, records and scores are all recomputed (they are cheap).
 *
 * `cd apps/api && pnpm exec vitest bench --run bench/trust.bench.ts`
 */

const PROVIDERS = 1_000;
const CONTRACTS_PER_PROVIDER = 5;
const CHECKS_PER_CONTRACT = 200;
const RENTERS = 3_000;

const SETTINGS: TrustJobSettings = {
  intervalMs: 300_000,
  coverage: { probeMs: 360_000, agentMs: 360_000 },
  alertThresholdPct: 95,
};

const database = await createTestDatabase('postgres');
const handle = await openDatabase({
  engine: 'postgres',
  url: database.env['DATABASE_URL'] as string,
  maxConnections: 4,
});
await migrate(handle);

const NOW = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
const seedStarted = performance.now();
await seedTrust(handle, {
  providers: PROVIDERS,
  contractsPerProvider: CONTRACTS_PER_PROVIDER,
  checksPerContract: CHECKS_PER_CONTRACT,
  renters: RENTERS,
  now: NOW,
});
const counted = await sql<{ checks: string; history: string }>`
  SELECT (SELECT count(*) FROM health_checks)::text AS checks,
         (SELECT count(*) FROM contract_history)::text AS history`.execute(handle.db);
console.log(
  `Seeded ${PROVIDERS} providers, ${PROVIDERS * CONTRACTS_PER_PROVIDER} contracts (${counted.rows[0]?.history} history rows), ` +
    `${Number(counted.rows[0]?.checks).toLocaleString('en')} health checks in ${Math.round(performance.now() - seedStarted)} ms`,
);

describe('trust job on PostgreSQL, 1,000 providers, 1,000,000 health checks', () => {
  bench(
    'full recompute, then an incremental update after 4,000 new rows',
    async () => {
      const fullStarted = performance.now();
      const full = await runTrustJob(handle.db, NOW, SETTINGS, { force: true, full: true });
      const fullMs = performance.now() - fullStarted;
      const added = await addRunningContractRows(handle, NOW);
      const later = new Date(NOW.getTime() + 15 * 60_000);
      const incrementalStarted = performance.now();
      const incremental = await runTrustJob(handle.db, later, SETTINGS, { force: true });
      const incrementalMs = performance.now() - incrementalStarted;
      const scored = await sql<{ scored: string; hours: string }>`
        SELECT (SELECT count(*) FROM provider_records WHERE trust_score IS NOT NULL)::text AS scored,
               (SELECT count(*) FROM uptime_hours)::text AS hours`.execute(handle.db);
      console.log(
        `\nFull: ${JSON.stringify(full)}\nIncremental: ${JSON.stringify(incremental)}\n` +
          `${scored.rows[0]?.scored} providers with a score, ${scored.rows[0]?.hours} uptime hours.`,
      );
      console.table([
        { run: 'full recompute (target <= 30 s)', ms: Math.round(fullMs) },
        { run: `incremental, ${added} new rows`, ms: Math.round(incrementalMs) },
        { run: 'full / incremental', ms: Math.round((fullMs / incrementalMs) * 10) / 10 },
      ]);
    },
    {
      iterations: 1,
      time: 0,
      warmupIterations: 0,
      warmupTime: 0,
      teardown: async (_task, mode) => {
        if (mode !== 'run') return;
        await handle.close();
        await database.drop();
      },
    },
  );
});
