import type { operations } from '@dc/client';
import { accountCaller, requireSignature } from '../../accounts/caller';
import { mintSetupToken } from '../../agents/setup-token';
import type { Handler } from '../../http/mount';
import { HttpProblem, notFound } from '../../http/problem';
import { livePools } from '../../providers/live-pools';

const MINUTE_MS = 60_000;

/**
 * `POST /v1/provider/pools/{id}/setup-tokens`: a single-use token for one agent of the caller's
 * pool. Only a signed request may create one, and that request (method, path, `X-DC-*`
 * headers, body) is stored as the evidence of the provider's authority: it names the pool and
 * the permissions. The secret is in this answer only; the database keeps its SHA-256.
 */
export const createSetupToken: Handler<typeof operations.createSetupToken> = async (
  { params, body },
  ctx,
) => {
  const caller = accountCaller(ctx);
  requireSignature(caller, 'Creating a setup token');
  if (!caller.signedRequest) {
    throw new HttpProblem(403, 'signature_required', 'Sign the request with your key.');
  }
  const pool = await livePools(ctx.db)
    .select('id')
    .where('id', '=', params.id)
    .where('provider_id', '=', caller.accountId)
    .executeTakeFirst();
  if (!pool) throw notFound('Pool');
  const now = ctx.services.now();
  const { token, hash, prefix } = mintSetupToken();
  const permissions = [...new Set(body.permissions)];
  const row = await ctx.db
    .insertInto('setup_tokens')
    .values({
      provider_id: caller.accountId,
      pool_id: pool.id,
      token_hash: hash,
      prefix,
      permissions,
      agent_valid_days: body.agent_valid_days,
      expires_at: new Date(now.getTime() + body.expires_in_minutes * MINUTE_MS),
      used_at: null,
      used_by: null,
      evidence: JSON.stringify({ signer: caller.publicKey, request: caller.signedRequest }),
      created_at: now,
    })
    .returning(['id', 'expires_at', 'created_at'])
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    token,
    prefix,
    pool_id: pool.id,
    permissions,
    expires_at: row.expires_at.toISOString(),
    created_at: row.created_at.toISOString(),
  };
};
