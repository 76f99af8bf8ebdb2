import type { AgentPermission } from '@dc/crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { HttpProblem } from '../http/problem';
import type { AgentCaller } from './caller';

/**
 * The agent behind a signing key, read on every request so that a revocation takes effect on
 * the very next one. `undefined` when no delegation names the key; a revoked, expired or
 * not-yet-valid delegation is a 401, never an anonymous caller.
 */
export async function agentOfKey(
  db: Kysely<Database>,
  publicKey: string,
  nowMs: number,
): Promise<AgentCaller | undefined> {
  const row = await db
    .selectFrom('agents')
    .select(['provider_id', 'pool_id', 'permissions', 'not_before', 'not_after', 'revoked_at'])
    .where('agent_pubkey', '=', publicKey)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.revoked_at !== null) {
    throw new HttpProblem(
      401,
      'delegation_revoked',
      'The provider revoked this agent key; register a new key with a new setup token.',
    );
  }
  if (row.not_after.getTime() <= nowMs) {
    throw new HttpProblem(
      401,
      'delegation_expired',
      `This agent's delegation expired at ${row.not_after.toISOString()}; ask the provider for a new one.`,
    );
  }
  if (row.not_before.getTime() > nowMs) {
    throw new HttpProblem(
      401,
      'delegation_not_yet_valid',
      `This agent's delegation is valid from ${row.not_before.toISOString()}.`,
    );
  }
  return {
    kind: 'agent',
    agentKey: publicKey,
    providerId: row.provider_id,
    poolId: row.pool_id,
    permissions: row.permissions as AgentPermission[],
  };
}
