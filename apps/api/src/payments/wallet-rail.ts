import { postWalletEntry } from '../wallet/post-entry';
import {
  type ChargeOutcome,
  type ChargeRequest,
  type PaymentRail,
  RailError,
  type RefundOutcome,
  type RefundRequest,
  WebhookRejected,
} from './rail';

function transactionOf<T extends { readonly trx?: unknown }>(request: T, what: string) {
  if (request.trx === undefined) {
    throw new Error(`walletRail.${what}: the wallet moves money inside the caller's transaction`);
  }
  return request.trx as NonNullable<ChargeRequest['trx']>;
}

/**
 * The prepaid wallet (billing.md §1): a charge is a guarded debit of the payer's balance in the
 * contract's currency (402 `insufficient_funds` when short) and a refund a credit, both in the
 * caller's transaction, so they commit or roll back with the status change they pay for.
 */
export const walletRail: PaymentRail = {
  name: 'wallet',
  async charge(request: ChargeRequest): Promise<ChargeOutcome> {
    if (request.purpose !== 'contract') {
      throw new RailError('A wallet cannot be topped up from itself; use the card rail.', false);
    }
    const posted = await postWalletEntry(transactionOf(request, 'charge'), {
      accountId: request.accountId,
      currency: request.amount.currency,
      amount: -request.amount.amount,
      kind: 'rental_debit',
      idempotencyKey: request.idempotencyKey,
      ...(request.contractId === null ? {} : { contractId: request.contractId }),
      memo: request.description,
      now: request.now,
    });
    return { kind: 'settled', reference: `ledger:${posted.ledgerId}` };
  },
  async refund(request: RefundRequest): Promise<RefundOutcome> {
    const posted = await postWalletEntry(transactionOf(request, 'refund'), {
      accountId: request.accountId,
      currency: request.amount.currency,
      amount: request.amount.amount,
      kind: 'refund_credit',
      idempotencyKey: request.idempotencyKey,
      ...(request.contractId === null ? {} : { contractId: request.contractId }),
      reference: request.refundId,
      memo: request.memo,
      now: request.now,
    });
    return { reference: `ledger:${posted.ledgerId}` };
  },
  verifyWebhook() {
    throw new WebhookRejected('The wallet rail receives no webhooks.');
  },
  parseEvent(event) {
    return { type: 'ignored', eventType: event.type };
  },
};
