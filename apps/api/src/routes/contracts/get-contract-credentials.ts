import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import { contractAs } from '../../contracts/access';
import type { Handler } from '../../http/mount';

/**
 * `GET /v1/contracts/{id}/credentials`: the envelopes sealed to the renter's keys, for the
 * renter only. The server stores nothing else: there is no plaintext to return.
 */
export const getContractCredentials: Handler<typeof operations.getContractCredentials> = async (
  { params },
  ctx,
) => {
  const caller = accountCaller(ctx);
  const contract = await contractAs(ctx.db, params.id, caller, 'renter', 'read its credentials');
  const rows = await ctx.db
    .selectFrom('contract_credentials')
    .selectAll()
    .where('contract_id', '=', contract.id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return {
    items: rows.map((row) => ({
      id: row.id,
      purpose: row.purpose,
      envelope: row.envelope as Record<string, unknown>,
      created_at: row.created_at.toISOString(),
      expires_at: row.expires_at === null ? null : row.expires_at.toISOString(),
    })),
  };
};
