import { randomBytes } from 'node:crypto';
import type { ContractStatus, PaymentStatus } from '@dc/state-machine';
import { type DatabaseHandle, openDatabase } from '../../src/db/connect';
import { migrate } from '../../src/db/migrate';
import { createTestDatabase, type Engine, type TestDatabase } from '../support/databases';

/** A migrated database opened directly (no HTTP), for unit tests of the contract core. */
export interface MigratedDatabase {
  readonly handle: DatabaseHandle;
  readonly database: TestDatabase;
  close(): Promise<void>;
}

/** Creates, migrates and opens a fresh database on `engine`. */
export async function migratedDatabase(engine: Engine): Promise<MigratedDatabase> {
  const database = await createTestDatabase(engine);
  const handle = await openDatabase(database.location);
  await migrate(handle);
  return {
    handle,
    database,
    async close() {
      await handle.close();
      await database.drop();
    },
  };
}

/** The parties and offering a seeded contract belongs to. */
export interface Parties {
  readonly renterId: string;
  readonly providerId: string;
  readonly poolId: string;
  readonly offeringId: string;
}

const name = (prefix: string) => `${prefix}${randomBytes(4).toString('hex')}`;

/** Inserts a renter, a provider with a pool and a USD 10.00/month offering. */
export async function seedParties(handle: DatabaseHandle): Promise<Parties> {
  const { db } = handle;
  const renter = await db
    .insertInto('accounts')
    .values({ username: name('renter') })
    .returning('id')
    .executeTakeFirstOrThrow();
  const provider = await db
    .insertInto('accounts')
    .values({ username: name('provider') })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('providers')
    .values({
      account_id: provider.id,
      legal_name: 'Example Hosting OÜ',
      display_name: 'Example Hosting',
      country: 'EE',
      support_email: 'support@example.com',
      support_policy: '{}',
    })
    .execute();
  const pool = await db
    .insertInto('pools')
    .values({
      provider_id: provider.id,
      name: name('pool'),
      region: 'eu',
      country: 'EE',
      provisioner_kinds: ['docker'],
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const offering = await db
    .insertInto('offerings')
    .values({
      provider_id: provider.id,
      slug: name('vps'),
      name: 'Small VPS',
      description: '',
      product_type: 'vps',
      virtualization: 'kvm',
      visibility: 'public',
      stock: 'in_stock',
      draft: false,
      currency: 'USD',
      currency_exponent: 2,
      price_per_month: 1000n,
      setup_fee: 0n,
      min_hours: 1,
      max_hours: null,
      cpu_cores: 1,
      cpu_arch: 'x86_64',
      memory_mib: 1024n,
      disk_gib: 10n,
      disk_kind: 'ssd',
      bandwidth_mbps: 100,
      ipv4: true,
      ipv6: true,
      country: 'EE',
      region: 'eu',
      provisioner: 'docker',
      provisioner_config: '{}',
      pool_id: pool.id,
      os_images: ['ubuntu-24.04'],
      cpu_model: null,
      city: null,
      gpu_model: null,
      gpu_count: 0,
      gpu_memory_gib: null,
      traffic_gib_per_month: null,
      product_page_url: null,
      post_provision_script: null,
      trust_score: null,
      uptime_30d: null,
      market_median_price: null,
      market_delta_pct: null,
      deleted_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { renterId: renter.id, providerId: provider.id, poolId: pool.id, offeringId: offering.id };
}

/** Options of {@link seedContract}. */
export interface SeedContract {
  readonly status?: ContractStatus;
  readonly paymentStatus?: PaymentStatus;
  /** Paid for the 720 h initial segment (0 when the payment is pending). */
  readonly paid?: bigint;
  readonly requestedAt: Date;
  readonly termStart?: Date;
  readonly rail?: 'wallet' | 'sandbox' | 'card';
}

/** Inserts a contract of `parties` with one 720 h segment, as rent would. */
export async function seedContract(
  handle: DatabaseHandle,
  parties: Parties,
  options: SeedContract,
): Promise<string> {
  const paid = options.paid ?? (options.paymentStatus === 'pending' ? 0n : 1000n);
  const termStart = options.termStart ?? null;
  const row = await handle.db
    .insertInto('contracts')
    .values({
      offering_id: parties.offeringId,
      renter_id: parties.renterId,
      provider_id: parties.providerId,
      pool_id: parties.poolId,
      provisioner: 'docker',
      offering_snapshot: '{}',
      status: options.status ?? 'requested',
      paused_from: null,
      payment_status: options.paymentStatus ?? 'succeeded',
      payment_rail: options.rail ?? 'wallet',
      currency: 'USD',
      currency_exponent: 2,
      price_per_month: 1000n,
      paid,
      ssh_public_keys: ['ssh-ed25519 AAAA test'],
      os_image: 'ubuntu-24.04',
      idempotency_key: name('rent'),
      requested_at: options.requestedAt,
      accepted_at: null,
      term_start: termStart,
      paused_since: null,
      ended_at: null,
      term_end: termStart === null ? null : new Date(termStart.getTime() + 720 * 3_600_000),
      provision_first_leased_at: null,
      instance: null,
      instance_provisioner: null,
      instance_external_id: null,
      archived_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await handle.db
    .insertInto('contract_segments')
    .values({
      contract_id: row.id,
      seq: 1,
      hours: 720,
      amount: 1000n,
      idempotency_key: `rent:${row.id}`,
    })
    .execute();
  return row.id;
}
