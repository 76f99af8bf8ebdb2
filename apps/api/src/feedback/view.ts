import type { ContractFeedback } from '@dc/client';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** A contract's feedback with its renter's and provider's usernames, if given. */
export async function findFeedbackView(
  db: Kysely<Database>,
  contractId: string,
): Promise<ContractFeedback | undefined> {
  const row = await db
    .selectFrom('contract_feedback as f')
    .innerJoin('accounts as r', 'r.id', 'f.renter_id')
    .innerJoin('accounts as p', 'p.id', 'f.provider_id')
    .select([
      'f.contract_id',
      'r.username as renter',
      'p.username as provider',
      'f.matched_description',
      'f.would_rent_again',
      'f.comment',
      'f.created_at',
    ])
    .where('f.contract_id', '=', contractId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return { ...row, created_at: row.created_at.toISOString() };
}
