import type { Contract } from '@dc/client';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { ContractRow } from './row';

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

/**
 * The API form of contract rows, in the same order: usernames and paid hours are read in two
 * queries for the whole page. Only the offering's name is shown from the rent-time snapshot;
 * the snapshot also holds the provider's wiring, which is not the renter's business.
 */
export async function contractViews(
  db: Kysely<Database>,
  rows: readonly ContractRow[],
): Promise<Contract[]> {
  if (rows.length === 0) return [];
  const accountIds = [...new Set(rows.flatMap((row) => [row.renter_id, row.provider_id]))];
  const accounts = await db
    .selectFrom('accounts')
    .select(['id', 'username'])
    .where('id', 'in', accountIds)
    .execute();
  const usernames = new Map(accounts.map((account) => [account.id, account.username]));
  const hours = await db
    .selectFrom('contract_segments')
    .select(['contract_id', (eb) => eb.fn.sum<string | number | bigint>('hours').as('hours')])
    .where(
      'contract_id',
      'in',
      rows.map((row) => row.id),
    )
    .groupBy('contract_id')
    .execute();
  const paidHours = new Map(hours.map((row) => [row.contract_id, Number(row.hours)]));
  return rows.map((row) => {
    const snapshot = (row.offering_snapshot ?? {}) as { name?: unknown };
    return {
      id: row.id,
      offering_id: row.offering_id,
      offering_name: typeof snapshot.name === 'string' ? snapshot.name : '',
      renter_username: usernames.get(row.renter_id) ?? '',
      provider_id: row.provider_id,
      provider_username: usernames.get(row.provider_id) ?? '',
      pool_id: row.pool_id,
      status: row.status as Contract['status'],
      paused_from: row.paused_from as Contract['paused_from'],
      payment_status: row.payment_status as Contract['payment_status'],
      payment_rail: row.payment_rail as Contract['payment_rail'],
      currency: row.currency,
      currency_exponent: row.currency_exponent,
      price_per_month: Number(row.price_per_month),
      hours: paidHours.get(row.id) ?? 0,
      setup_fee: Number(row.setup_fee),
      paid: Number(row.paid),
      refunded: Number(row.refunded),
      vat_kind: row.vat_kind,
      vat_rate_bps: row.vat_rate_bps,
      vat_paid: Number(row.vat_paid),
      vat_refunded: Number(row.vat_refunded),
      ssh_public_keys: [...row.ssh_public_keys],
      os_image: row.os_image,
      requested_at: row.requested_at.toISOString(),
      accepted_at: iso(row.accepted_at),
      term_start: iso(row.term_start),
      term_end: iso(row.term_end),
      ended_at: iso(row.ended_at),
      archived_at: iso(row.archived_at),
      instance: (row.instance ?? null) as Record<string, unknown> | null,
      created_at: row.created_at.toISOString(),
      updated_at: row.updated_at.toISOString(),
    };
  });
}

/** The API form of one contract row. */
export async function contractView(db: Kysely<Database>, row: ContractRow): Promise<Contract> {
  const [view] = await contractViews(db, [row]);
  if (view === undefined) throw new Error('contractViews returned nothing for one row');
  return view;
}
