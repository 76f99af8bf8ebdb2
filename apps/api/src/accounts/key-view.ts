import type { AccountKey } from '@dc/client';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { AccountKeysTable } from '../db/schema';

/** The columns {@link accountKeyView} reads. */
export const ACCOUNT_KEY_COLUMNS = [
  'public_key',
  'label',
  'created_at',
  'revoked_at',
  'last_used_at',
] as const;

type KeyRow = Pick<Selectable<AccountKeysTable>, (typeof ACCOUNT_KEY_COLUMNS)[number]>;

/** A stored key as the API shows it. */
export function accountKeyView(row: KeyRow): z.infer<typeof AccountKey> {
  return {
    public_key: row.public_key,
    label: row.label,
    created_at: row.created_at.toISOString(),
    revoked_at: row.revoked_at?.toISOString() ?? null,
    last_used_at: row.last_used_at?.toISOString() ?? null,
  };
}
