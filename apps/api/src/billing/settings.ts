import type { BillingSettings, BillingSettingsInput } from '@dc/client';
import { isEuCountry } from '@dc/pricing';
import type { Kysely, Selectable } from 'kysely';
import type { z } from 'zod';
import type { BillingSettingsTable, Database } from '../db/schema';
import { latestVatCheck, type VatCheck } from '../vat/validate';

/** A stored settings row. */
export type BillingSettingsRow = Selectable<BillingSettingsTable>;

/** An EU VAT id split the way VIES asks for it: prefix (EL for Greece) and number. */
export function viesPartsOf(vatId: string): { readonly country: string; readonly number: string } {
  return { country: vatId.slice(0, 2), number: vatId.slice(2) };
}

/** The caller's saved settings, or undefined. */
export async function billingSettingsOf(
  db: Kysely<Database>,
  accountId: string,
): Promise<BillingSettingsRow | undefined> {
  return db
    .selectFrom('billing_settings')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

/**
 * The VIES consultation that decides the VAT treatment of a buyer: the newest one of its EU VAT
 * id, or undefined (no id, a non-EU id, or never checked).
 */
export async function vatCheckOf(
  db: Kysely<Database>,
  settings: Pick<BillingSettingsRow, 'vat_id' | 'country'>,
): Promise<VatCheck | undefined> {
  if (settings.vat_id === null || !isEuCountry(settings.country)) return undefined;
  const { country, number } = viesPartsOf(settings.vat_id);
  return latestVatCheck(db, country, number);
}

/** Inserts or replaces the account's settings. */
export async function saveBillingSettings(
  db: Kysely<Database>,
  accountId: string,
  input: z.output<typeof BillingSettingsInput>,
  now: Date,
): Promise<BillingSettingsRow> {
  const values = { ...input, updated_at: now };
  return db
    .insertInto('billing_settings')
    .values({ account_id: accountId, ...values, created_at: now })
    .onConflict((oc) => oc.column('account_id').doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The API view of a settings row with what VIES last said about its VAT id. */
export function billingSettingsView(
  row: BillingSettingsRow,
  check: VatCheck | undefined,
): z.output<typeof BillingSettings> {
  return {
    buyer_kind: row.buyer_kind,
    name: row.name,
    address_line1: row.address_line1,
    address_line2: row.address_line2,
    postal_code: row.postal_code,
    city: row.city,
    region: row.region,
    country: row.country,
    vat_id: row.vat_id,
    vat_id_status:
      row.vat_id === null
        ? 'none'
        : check === undefined
          ? 'unverified'
          : check.valid
            ? 'valid'
            : 'invalid',
    vat_id_checked_at: check?.checkedAt.toISOString() ?? null,
    vat_id_consultation_reference: check?.consultationReference ?? null,
    updated_at: row.updated_at.toISOString(),
  };
}
