import type { operations } from '@dc/client';
import { agentCaller } from '../../agents/caller';
import { applyContractEvent } from '../../contracts/apply-event';
import type { Handler } from '../../http/mount';
import { HttpProblem } from '../../http/problem';

/**
 * `POST /v1/agent/health`: stores each check (append-only; the trust score reads them). Every
 * contract must be of the agent's provider and pool, else nothing is stored and the foreign ids
 * are named (404, never-again 18). A healthy check of a `provisioned` contract confirms
 * delivery: the system sends `activate` (cause `healthy_check`).
 */
export const reportHealth: Handler<typeof operations.reportHealth> = async ({ body }, ctx) => {
  const agent = agentCaller(ctx);
  const now = ctx.services.now();
  const ids = [...new Set(body.checks.map((check) => check.contract_id))];
  return ctx.db.transaction().execute(async (trx) => {
    const owned = await trx
      .selectFrom('contracts')
      .select(['id', 'status'])
      .where('id', 'in', ids)
      .where('provider_id', '=', agent.providerId)
      .where('pool_id', '=', agent.poolId)
      .execute();
    const statusOf = new Map(owned.map((row) => [row.id, row.status]));
    const foreign = body.checks.flatMap((check, index) =>
      statusOf.has(check.contract_id)
        ? []
        : [{ path: `body.checks.${index}.contract_id`, message: 'no contract of this pool' }],
    );
    if (foreign.length > 0) {
      throw new HttpProblem(
        404,
        'contract_not_found',
        `${foreign.length} check(s) name contracts that are not this pool's; nothing was stored.`,
        { errors: foreign },
      );
    }
    await trx
      .insertInto('health_checks')
      .values(
        body.checks.map((check) => ({
          contract_id: check.contract_id,
          agent_pubkey: agent.agentKey,
          status: check.status,
          uptime_seconds: check.uptime_seconds,
          reason: check.reason,
          checked_at: check.checked_at,
          received_at: now,
        })),
      )
      .execute();
    const confirmed = new Set(
      body.checks
        .filter((check) => check.status === 'healthy')
        .map((check) => check.contract_id)
        .filter((id) => statusOf.get(id) === 'provisioned'),
    );
    for (const contractId of confirmed) {
      try {
        await applyContractEvent(trx, {
          contractId,
          event: { type: 'activate', cause: 'healthy_check' },
          actor: { role: 'system', key: `health_check:${agent.agentKey}` },
          now,
        });
      } catch (error) {
        // Changed meanwhile (cancelled, activated by the renter): the check is still stored.
        if (!(error instanceof HttpProblem)) throw error;
      }
    }
    return { stored: body.checks.length };
  });
};
