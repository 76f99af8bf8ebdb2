import type { operations } from '@dc/client';
import { delegationToResponse } from '../../agents/agent-view';
import { hashSetupToken } from '../../agents/setup-token';
import { newAgentKey } from '../../agents/signer';
import type { Handler } from '../../http/mount';
import { conflict, HttpProblem } from '../../http/problem';

const DAY_MS = 24 * 60 * 60 * 1000;

const tokenProblem = (status: number, code: string, detail: string) =>
  new HttpProblem(status, code, detail, { errors: [{ path: 'body.token', message: detail }] });

/**
 * `POST /v1/agent/register`, signed by the new agent key. Every check runs before the token is
 * consumed (never-again 17): it exists, is unused and unexpired, and the agent's region is the
 * pool's. Only then, in the same transaction, is the token marked used and the delegation
 * recorded with the token's permissions and, as evidence, the provider's signed request that
 * created the token. A refused registration leaves the token usable.
 */
export const registerAgent: Handler<typeof operations.registerAgent> = async ({ body }, ctx) => {
  const agentKey = newAgentKey(ctx, body.agent_pubkey);
  const now = ctx.services.now();
  const row = await ctx.db.transaction().execute(async (trx) => {
    // The lock makes two registrations racing for one token take turns: the second sees it used.
    const token = await trx
      .selectFrom('setup_tokens as t')
      .innerJoin('pools as p', 'p.id', 't.pool_id')
      .select([
        't.id',
        't.provider_id',
        't.pool_id',
        't.permissions',
        't.agent_valid_days',
        't.expires_at',
        't.used_at',
        't.evidence',
        'p.region',
      ])
      .where('t.token_hash', '=', hashSetupToken(body.token))
      .forUpdate('t')
      .executeTakeFirst();
    if (!token) {
      throw tokenProblem(
        404,
        'setup_token_unknown',
        'No such setup token; create one for the pool.',
      );
    }
    if (token.used_at !== null) {
      throw tokenProblem(
        409,
        'setup_token_used',
        'This setup token was already used; create a new one.',
      );
    }
    if (token.expires_at.getTime() <= now.getTime()) {
      throw tokenProblem(
        409,
        'setup_token_expired',
        `This setup token expired at ${token.expires_at.toISOString()}; create a new one.`,
      );
    }
    if (token.region !== body.region) {
      throw new HttpProblem(
        422,
        'region_mismatch',
        `The pool is in "${token.region}" but the agent says "${body.region}"; run the agent in the pool's region or use a token of another pool.`,
        {
          errors: [{ path: 'body.region', message: `must be the pool's region "${token.region}"` }],
        },
      );
    }
    const agent = await trx
      .insertInto('agents')
      .values({
        agent_pubkey: agentKey,
        provider_id: token.provider_id,
        pool_id: token.pool_id,
        permissions: token.permissions,
        not_before: now,
        not_after: new Date(now.getTime() + token.agent_valid_days * DAY_MS),
        serial: `setup-token:${token.id}`,
        source: 'setup_token',
        setup_token_id: token.id,
        evidence: JSON.stringify({ setup_token: token.id, authority: token.evidence }),
        region: body.region,
        revoked_at: null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('agent_pubkey').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!agent) {
      // Registered by a concurrent request after authentication; the token stays unused.
      throw conflict(
        'agent_key_registered',
        'This key already holds a delegation; keys are never registered twice.',
      );
    }
    await trx
      .updateTable('setup_tokens')
      .set({ used_at: now, used_by: agentKey })
      .where('id', '=', token.id)
      .execute();
    return agent;
  });
  return delegationToResponse(row);
};
