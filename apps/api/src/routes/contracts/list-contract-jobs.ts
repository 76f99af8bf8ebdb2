import type { ContractJobState, operations } from '@dc/client';
import type { z } from 'zod';
import { accountCaller } from '../../accounts/caller';
import { partyContract } from '../../contracts/access';
import type { Handler } from '../../http/mount';

type State = z.input<typeof ContractJobState>;

/** The kinds a renter asks for; provision and terminate show in the contract's status. */
const RENTER_KINDS = ['reset_password', 'rotate_ssh_key'] as const;

/** How many are listed: the newest. Requests are rare (a renter asks now and then). */
const LIMIT = 50;

/**
 * `GET /v1/contracts/{id}/jobs`: the renter's requests on the contract, newest first, for its
 * parties (renter, provider, admins; anyone else gets the contract's 404). `error` is the
 * agent's reason as it reported it: one line saying what the provisioner could not do, never
 * a secret (the agent does not put one in a report).
 */
export const listContractJobs: Handler<typeof operations.listContractJobs> = async (
  { params },
  ctx,
) => {
  const { contract } = await partyContract(ctx.db, params.id, accountCaller(ctx));
  const rows = await ctx.db
    .selectFrom('jobs')
    .select(['id', 'kind', 'status', 'created_at', 'updated_at', 'last_error'])
    .where('contract_id', '=', contract.id)
    .where('kind', 'in', RENTER_KINDS)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(LIMIT)
    .execute();
  return {
    items: rows.map(
      (row): State => ({
        job_id: row.id,
        kind: row.kind as State['kind'],
        status: row.status as State['status'],
        created_at: row.created_at.toISOString(),
        updated_at: row.updated_at.toISOString(),
        error: row.status === 'completed' ? null : row.last_error,
      }),
    ),
  };
};
