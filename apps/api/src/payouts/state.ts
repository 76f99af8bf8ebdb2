import { HttpProblem } from '../http/problem';

/** A payout batch's status (billing.md §4): `draft -> approved -> sent -> confirmed | failed`. */
export type PayoutStatus = 'draft' | 'approved' | 'sent' | 'confirmed' | 'failed';

/** What an admin (or the rail's answer) does to a batch. */
export type PayoutAction = 'approve' | 'send' | 'confirm' | 'fail';

/**
 * From which statuses each action moves a batch, and where to. `fail` is allowed before the
 * money moved (draft, approved) and for a sent batch whose rail says so or whose manual payment
 * did not happen; it releases the batch's earnings for the next batch.
 */
const MOVES: Record<
  PayoutAction,
  { readonly from: readonly PayoutStatus[]; readonly to: PayoutStatus }
> = {
  approve: { from: ['draft'], to: 'approved' },
  send: { from: ['approved'], to: 'sent' },
  confirm: { from: ['sent'], to: 'confirmed' },
  fail: { from: ['draft', 'approved', 'sent'], to: 'failed' },
};

/** Where `action` takes a batch in `status`, or the 409 naming what is allowed. */
export function nextStatus(status: PayoutStatus, action: PayoutAction): PayoutStatus {
  const move = MOVES[action];
  if (move.from.includes(status)) return move.to;
  throw new HttpProblem(
    409,
    'payout_batch_state',
    `Cannot ${action} a payout batch that is ${status}; ${action} applies to ${move.from.join(' or ')} batches.`,
  );
}
