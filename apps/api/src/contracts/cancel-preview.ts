import { money, settlement } from '@dc/pricing';
import { type Actor, transition } from '@dc/state-machine';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { refundAmount } from './refund';
import { type ContractRow, contractSnapshot, loadSegments, termClock } from './row';
import { refundOfNet } from './vat-amounts';

/** What cancelling a contract now would do. */
export interface CancelPreview {
  readonly cancellable: boolean;
  /** Why not, when not cancellable. */
  readonly reason: string | null;
  /** Net, like `paid`. */
  readonly refund: bigint;
  /** The VAT given back with it (at the contract's rate, never above the VAT not refunded). */
  readonly refundVat: bigint;
  /** Paid time used up by `now`. */
  readonly consumed: bigint;
}

/**
 * Runs the renter's `cancel` through the same state machine and the same refund computation
 * the cancellation itself uses, without applying anything, so the preview is exactly what a
 * cancel at `now` refunds.
 */
export async function previewCancel(
  db: Kysely<Database>,
  contract: ContractRow,
  actor: Actor,
  now: Date,
): Promise<CancelPreview> {
  const segments = await loadSegments(db, contract);
  const consumed =
    segments.length === 0
      ? 0n
      : settlement({
          segments,
          clock: termClock(contract, contract.ended_at ?? now),
          now,
          refunded: money(contract.refunded, contract.currency),
          feeBps: 0n,
        }).consumed.amount;
  const result = transition(
    await contractSnapshot(db, contract),
    { type: 'cancel' },
    { now, actor },
  );
  if (!result.ok) {
    return {
      cancellable: false,
      reason: result.error.message,
      refund: 0n,
      refundVat: 0n,
      consumed,
    };
  }
  let refund = 0n;
  for (const effect of result.effects) {
    if (effect.type === 'refund') refund += await refundAmount(db, contract, effect, now);
  }
  // `recordRefund` adds exactly this VAT (a card refund may round the total down further).
  const refundVat = refund > 0n ? refundOfNet(contract, refund).vat : 0n;
  return { cancellable: true, reason: null, refund, refundVat, consumed };
}
