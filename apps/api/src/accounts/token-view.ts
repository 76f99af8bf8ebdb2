import type { ApiToken, TokenScope } from '@dc/client';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { ApiTokensTable } from '../db/schema';

/** The columns {@link apiTokenView} reads; never the hash. */
export const API_TOKEN_COLUMNS = [
  'id',
  'name',
  'scopes',
  'prefix',
  'created_at',
  'expires_at',
  'revoked_at',
  'last_used_at',
] as const;

type TokenRow = Pick<Selectable<ApiTokensTable>, (typeof API_TOKEN_COLUMNS)[number]>;

/** A stored API token as the API shows it (no secret: only its hash is kept). */
export function apiTokenView(row: TokenRow): z.infer<typeof ApiToken> {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes as TokenScope[],
    prefix: row.prefix,
    created_at: row.created_at.toISOString(),
    expires_at: row.expires_at.toISOString(),
    revoked_at: row.revoked_at?.toISOString() ?? null,
    last_used_at: row.last_used_at?.toISOString() ?? null,
  };
}
