import type { Kysely } from 'kysely';
import type { Database, VatValidationsTable } from '../db/schema';
import type { ViesClient, ViesFailure } from './vies';

/** VIES answers are reused this long. */
export const VIES_CACHE_MS = 24 * 3_600_000;

/** A stored consultation (fresh or cached). */
export interface VatCheck {
  readonly country: string;
  readonly number: string;
  readonly valid: boolean;
  readonly name: string | null;
  readonly address: string | null;
  readonly consultationReference: string | null;
  readonly checkedAt: Date;
  readonly cached: boolean;
}

type Row = Pick<
  VatValidationsTable,
  'country' | 'number' | 'valid' | 'name' | 'address' | 'consultation_reference'
> & { checked_at: Date };

function fromRow(row: Row, cached: boolean): VatCheck {
  return {
    country: row.country,
    number: row.number,
    valid: row.valid,
    name: row.name,
    address: row.address,
    consultationReference: row.consultation_reference,
    checkedAt: row.checked_at,
    cached,
  };
}

/** The newest stored consultation of a number, however old, or undefined. */
export async function latestVatCheck(
  db: Kysely<Database>,
  country: string,
  number: string,
): Promise<VatCheck | undefined> {
  const row = await db
    .selectFrom('vat_validations')
    .select([
      'country',
      'number',
      'valid',
      'name',
      'address',
      'consultation_reference',
      'checked_at',
    ])
    .where('country', '=', country)
    .where('number', '=', number)
    .orderBy('checked_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : fromRow(row, true);
}

/**
 * Validates a VAT number: a definite answer younger than 24 h is reused; otherwise VIES is
 * asked (outside any transaction: it is a network call) and a definite answer is stored with
 * its consultation reference, as evidence. A VIES failure is returned, never stored or cached.
 */
export async function validateVat(
  db: Kysely<Database>,
  vies: ViesClient,
  request: { readonly country: string; readonly number: string; readonly now: Date },
): Promise<VatCheck | ViesFailure> {
  const latest = await latestVatCheck(db, request.country, request.number);
  if (latest !== undefined && request.now.getTime() - latest.checkedAt.getTime() < VIES_CACHE_MS) {
    return latest;
  }
  const answer = await vies.check(request.country, request.number);
  if (answer.kind === 'failure') return answer;
  const row = await db
    .insertInto('vat_validations')
    .values({
      country: request.country,
      number: request.number,
      valid: answer.valid,
      name: answer.name,
      address: answer.address,
      consultation_reference: answer.consultationReference,
      checked_at: request.now,
    })
    .returning([
      'country',
      'number',
      'valid',
      'name',
      'address',
      'consultation_reference',
      'checked_at',
    ])
    .executeTakeFirstOrThrow();
  return fromRow(row, false);
}
