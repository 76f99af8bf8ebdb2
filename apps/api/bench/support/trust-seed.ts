import { sql } from 'kysely';
import type { DatabaseHandle } from '../../src/db/connect';
import { seedCatalogue } from './catalogue';

/** Sizes of the trust bench's data. */
export interface TrustSeed {
  readonly providers: number;
  readonly contractsPerProvider: number;
  readonly checksPerContract: number;
  readonly renters: number;
  /** The job's "now": every row is before it. */
  readonly now: Date;
}

const uuidOf = (expression: string) =>
  `overlay(overlay(md5(${expression}) placing '4' from 13) placing '8' from 17)::uuid`;

/**
 * Seeds the trust bench straight into the tables with generate_series: `providers` providers
 * with an offering each (`catalogue.ts`), `renters` renters, `contractsPerProvider` delivered
 * contracts per provider with their history and segment (the first still running, delivered
 * `checksPerContract` checks ago; the others ended after their checks, delivered on a day of the
 * last 29), `checksPerContract` agent checks every 5 minutes per contract (1 % unhealthy; one
 * contract in ten has a 35-minute silence, its checks topped up elsewhere so the total stays
 * exact), an hour of probes per running contract and feedback on one ended contract each.
 */
export async function seedTrust(handle: DatabaseHandle, seed: TrustSeed): Promise<void> {
  const { providers, contractsPerProvider, checksPerContract, renters } = seed;
  const contracts = providers * contractsPerProvider;
  const now = `'${seed.now.toISOString()}'::timestamptz`;
  await seedCatalogue(handle, providers, providers);
  await handle.scriptTransaction((tx) =>
    tx.exec(`
    SELECT setseed(0.17);
    INSERT INTO accounts (id, username)
    SELECT ${uuidOf("'renter' || i")}, 'bench-renter-' || i FROM generate_series(1, ${renters}) AS i;

    -- Contract k of provider p: k = 0 runs now (delivered 200 checks ago), the others ended
    -- after their 200 checks, delivered on a day of the last 29.
    CREATE TEMP TABLE bench_contracts AS
    SELECT ${uuidOf("'contract' || n")} AS id, n, p, k,
           ${uuidOf("'provider' || p")} AS provider_id,
           ${uuidOf(`'renter' || (1 + (n * 7) % ${renters})`)} AS renter_id,
           CASE WHEN k = 0 THEN ${now} - make_interval(mins => ${checksPerContract * 5})
                ELSE ${now} - make_interval(days => 1 + (n * 13) % 28, mins => (n * 37) % 1440) END
             AS delivered_at
    FROM (SELECT n, 1 + (n - 1) / ${contractsPerProvider} AS p, (n - 1) % ${contractsPerProvider} AS k
          FROM generate_series(1, ${contracts}) AS n) AS g;

    INSERT INTO contracts (id, offering_id, renter_id, provider_id, provisioner, offering_snapshot,
      status, payment_status, payment_rail, currency, currency_exponent, price_per_month, paid,
      ssh_public_keys, os_image, idempotency_key, requested_at, accepted_at, term_start, term_end,
      ended_at, instance, created_at, updated_at)
    SELECT b.id, o.id, b.renter_id, b.provider_id, 'manual', '{}', 
      CASE WHEN b.k = 0 THEN 'active' ELSE 'expired' END, 'succeeded', 'wallet', 'USD', 2, 1000, 1000,
      ARRAY['ssh-ed25519 AAAA bench'], 'debian-12', 'bench-' || b.n,
      b.delivered_at - interval '2 hours', b.delivered_at - interval '1 hour', b.delivered_at,
      b.delivered_at + interval '720 hours',
      CASE WHEN b.k = 0 THEN NULL ELSE b.delivered_at + make_interval(mins => ${checksPerContract * 5}) END,
      CASE WHEN b.k = 0 THEN jsonb_build_object('ipv4', '8.8.8.8', 'ssh_port', 22) END,
      b.delivered_at - interval '2 hours',
      CASE WHEN b.k = 0 THEN b.delivered_at ELSE b.delivered_at + make_interval(mins => ${checksPerContract * 5}) END
    FROM bench_contracts b
    JOIN offerings o ON o.provider_id = b.provider_id;

    INSERT INTO contract_segments (contract_id, seq, hours, amount, idempotency_key, created_at)
    SELECT id, 1, 720, 1000, 'bench-seg-' || n, delivered_at - interval '2 hours' FROM bench_contracts;

    INSERT INTO contract_history (contract_id, from_status, to_status, event, actor_role, actor_key, at)
    SELECT b.id, s.from_status, s.to_status, s.event, s.role, 'bench', b.delivered_at + s.offset_at
    FROM bench_contracts b
    CROSS JOIN (VALUES
      (NULL, 'requested', 'request', 'renter', interval '-2 hours', 0),
      ('requested', 'accepted', 'accept', 'provider', interval '-1 hour', 0),
      ('accepted', 'provisioning', 'start_provisioning', 'agent', interval '-30 minutes', 0),
      ('provisioning', 'provisioned', 'provisioned', 'agent', interval '0', 0),
      ('provisioned', 'active', 'activate', 'system', interval '5 minutes', 0),
      ('active', 'expired', 'term_end', 'system', make_interval(mins => ${checksPerContract * 5}), 1)
    ) AS s(from_status, to_status, event, role, offset_at, ended)
    WHERE s.ended = 0 OR b.k <> 0
    ORDER BY b.n, s.offset_at;

    INSERT INTO health_checks (contract_id, agent_pubkey, status, checked_at, received_at)
    SELECT b.id, repeat('a', 64),
           CASE WHEN random() < 0.01 THEN 'unhealthy' ELSE 'healthy' END,
           b.delivered_at + make_interval(mins => 5 * s), b.delivered_at + make_interval(mins => 5 * s)
    FROM bench_contracts b CROSS JOIN generate_series(1, ${checksPerContract}) AS s
    WHERE NOT (b.n % 10 = 0 AND s BETWEEN 100 AND 105);
    -- The silences above left out 6 checks in one contract of ten: top up to exactly 1,000,000.
    INSERT INTO health_checks (contract_id, agent_pubkey, status, checked_at, received_at)
    SELECT b.id, repeat('a', 64), 'healthy',
           b.delivered_at + make_interval(mins => 5 * s) + interval '1 minute',
           b.delivered_at + make_interval(mins => 5 * s)
    FROM bench_contracts b CROSS JOIN generate_series(1, 6) AS s
    WHERE b.n % 10 = 0;

    INSERT INTO probe_results (contract_id, probed_at, target, reachable, latency_ms, disagrees)
    SELECT b.id, ${now} - make_interval(mins => 5 * s - 1), '8.8.8.8:22', random() > 0.005, 12, false
    FROM bench_contracts b CROSS JOIN generate_series(1, 12) AS s
    WHERE b.k = 0;

    INSERT INTO contract_feedback (contract_id, renter_id, provider_id, matched_description,
      would_rent_again, created_at)
    SELECT id, renter_id, provider_id, random() < 0.9, random() < 0.8,
           delivered_at + make_interval(mins => ${checksPerContract * 5 + 60})
    FROM bench_contracts WHERE k = 1;

    DROP TABLE bench_contracts;
  `),
  );
  await handle.scriptTransaction((tx) => tx.exec('ANALYZE'));
}

/**
 * Adds 3 checks and 1 probe per running contract in the 15 minutes after `now` (4,000 rows with
 * 1,000 running contracts); returns how many.
 */
export async function addRunningContractRows(handle: DatabaseHandle, now: Date): Promise<number> {
  const result = await sql<{ n: string }>`
    WITH live AS (SELECT id FROM contracts WHERE status = 'active'),
    checks AS (
      INSERT INTO health_checks (contract_id, agent_pubkey, status, checked_at, received_at)
      SELECT live.id, repeat('a', 64), 'healthy', t, t
      FROM live CROSS JOIN unnest(ARRAY[${now.toISOString()}::timestamptz + interval '5 minutes',
                                         ${now.toISOString()}::timestamptz + interval '10 minutes',
                                         ${now.toISOString()}::timestamptz + interval '15 minutes']) AS t
      RETURNING 1
    ), probes AS (
      INSERT INTO probe_results (contract_id, probed_at, target, reachable, latency_ms, disagrees)
      SELECT id, ${now.toISOString()}::timestamptz + interval '4 minutes', '8.8.8.8:22', true, 12, false
      FROM live
      RETURNING 1
    )
    SELECT ((SELECT count(*) FROM checks) + (SELECT count(*) FROM probes))::text AS n`.execute(
    handle.db,
  );
  return Number(result.rows[0]?.n);
}
