import type { OfferingValues } from '@dc/client';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { validationFailed } from '../http/problem';
import {
  findOfferingBySlug,
  insertOffering,
  type OfferingRow,
  slugTaken,
  validateOfferingForProvider,
} from './store';

/**
 * Stores a new offering after the database checks: every validation problem as one 422, then
 * the slug (409 `slug_taken`). Run it inside a transaction with the caller's other writes.
 */
export async function createCheckedOffering(
  trx: Kysely<Database>,
  providerId: string,
  values: OfferingValues,
): Promise<OfferingRow> {
  const issues = await validateOfferingForProvider(trx, providerId, values);
  if (issues.length > 0) throw validationFailed(issues);
  if (await findOfferingBySlug(trx, providerId, values.slug)) throw slugTaken(values.slug);
  return insertOffering(trx, providerId, values);
}
