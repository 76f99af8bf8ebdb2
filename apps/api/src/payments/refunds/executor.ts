import { money } from '@dc/pricing';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../db/schema';
import { notifyRefundIssued } from '../../notifications/money-notices';
import { raiseAlert } from '../alerts';
import { type PaymentRail, RailError } from '../rail';
import { type ClaimedRefund, claimDueRefunds } from './claim';

/** What the refund executor needs. */
export interface ExecutorDependencies {
  readonly db: Kysely<Database>;
  /** The card rail. */
  readonly rail: PaymentRail;
  readonly now: () => Date;
  readonly log: Pick<Logger, 'info' | 'warn' | 'error'>;
  readonly thresholdMinor: bigint;
  readonly leaseMs: number;
  readonly batchSize?: number;
}

/** What one {@link runRefundExecutor} pass did. */
export interface ExecutorReport {
  readonly succeeded: number;
  readonly retrying: number;
  readonly failed: number;
}

/**
 * The Idempotency-Key a refund is sent with: its own key, plus `:retry<n>` after an admin
 * retried it following a refusal (the rail answers a key's refused request the same way again).
 */
export function railKey(refund: { idempotency_key: string; retry_generation: number }): string {
  return refund.retry_generation === 0
    ? refund.idempotency_key
    : `${refund.idempotency_key}:retry${refund.retry_generation}`;
}

/** Seconds to wait before attempt `attempts + 1`: 5 s doubling, at most 15 min. */
export function retryDelayMs(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 15 * 60_000);
}

async function execute(
  deps: ExecutorDependencies,
  refund: ClaimedRefund,
): Promise<keyof ExecutorReport> {
  const now = deps.now();
  if (refund.payment_reference === null) {
    await settle(deps, refund, {
      status: 'failed',
      last_error: 'the payment has no rail reference',
    });
    return 'failed';
  }
  try {
    const outcome = await deps.rail.refund({
      refundId: refund.id,
      idempotencyKey: railKey(refund),
      amount: money(refund.amount, refund.currency),
      accountId: refund.account_id,
      contractId: refund.contract_id,
      paymentReference: refund.payment_reference,
      memo: refund.reason,
      retry: refund.attempts > 1 || refund.retry_generation > 0,
      now,
    });
    // One transaction: a refund is never seen succeeded without its notification to the renter.
    await deps.db.transaction().execute(async (trx) => {
      const settled = await settle({ ...deps, db: trx }, refund, {
        status: 'succeeded',
        provider_refund_id: outcome.reference,
        succeeded_at: now,
        last_error: null,
      });
      if (settled) await notifyCardRefund(trx, refund, now);
    });
    deps.log.info({ refundId: refund.id, reference: outcome.reference }, 'card refund made');
    return 'succeeded';
  } catch (error) {
    if (!(error instanceof RailError)) throw error;
    if (error.retryable) {
      await settle(deps, refund, {
        last_error: error.message,
        next_attempt_at: new Date(now.getTime() + retryDelayMs(refund.attempts)),
      });
      deps.log.warn({ refundId: refund.id, err: error }, 'card refund will be retried');
      return 'retrying';
    }
    // One transaction: a refund is never seen failed without the alert that asks for a retry.
    await deps.db.transaction().execute(async (trx) => {
      await settle({ ...deps, db: trx }, refund, { status: 'failed', last_error: error.message });
      await raiseAlert(trx, {
        kind: 'refund_failed',
        dedupeKey: `refund_failed:${refund.id}:${refund.attempts}`,
        detail: `Refund ${refund.id} (${refund.idempotency_key}) was refused by the rail: ${error.message}. Approve it to retry.`,
        refundId: refund.id,
        ...(refund.payment_id === null ? {} : { paymentId: refund.payment_id }),
        now,
      });
    });
    deps.log.error({ refundId: refund.id, err: error }, 'card refund refused');
    return 'failed';
  }
}

/**
 * Writes a refund's outcome, releasing the claim; only while it is still pending. True when it
 * did (false: another attempt already settled it).
 */
async function settle(
  deps: ExecutorDependencies,
  refund: ClaimedRefund,
  patch: {
    status?: 'succeeded' | 'failed';
    provider_refund_id?: string;
    succeeded_at?: Date;
    last_error?: string | null;
    next_attempt_at?: Date;
  },
): Promise<boolean> {
  const result = await deps.db
    .updateTable('refunds')
    .set({ ...patch, locked_until: null, updated_at: deps.now() })
    .where('id', '=', refund.id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** "Refund issued" to the renter of a card refund the rail made. */
async function notifyCardRefund(trx: Kysely<Database>, refund: ClaimedRefund, now: Date) {
  const contract = await trx
    .selectFrom('contracts')
    .select(['id', 'renter_id', 'offering_snapshot'])
    .where('id', '=', refund.contract_id)
    .executeTakeFirstOrThrow();
  await notifyRefundIssued(trx, {
    renterId: contract.renter_id,
    contract,
    amount: refund.amount,
    currency: refund.currency,
    refundKey: refund.idempotency_key,
    where: 'to your card',
    now,
  });
}

/**
 * Carries out due card refunds (billing.md §3): claims them (see `claimDueRefunds`), calls the
 * rail with each refund's own idempotency key, so a retry after a crash at any point (before
 * the call, during it, after it but before the outcome was written) makes exactly one refund,
 * and records the rail's refund id. A retryable failure waits with a growing delay; a refusal
 * marks the refund `failed` and alerts an admin, who may approve a retry. Runs until nothing
 * is due.
 */
export async function runRefundExecutor(deps: ExecutorDependencies): Promise<ExecutorReport> {
  const report = { succeeded: 0, retrying: 0, failed: 0 };
  const limit = deps.batchSize ?? 20;
  for (;;) {
    const claimed = await claimDueRefunds(deps.db, {
      now: deps.now(),
      leaseMs: deps.leaseMs,
      thresholdMinor: deps.thresholdMinor,
      limit,
    });
    for (const refund of claimed) report[await execute(deps, refund)] += 1;
    if (claimed.length < limit) return report;
  }
}
