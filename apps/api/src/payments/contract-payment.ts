import { type Money, PricingError, toStripeAmount } from '@dc/pricing';
import type { Transaction } from 'kysely';
import type { ContractRow } from '../contracts/row';
import type { Database } from '../db/schema';
import { validationFailed } from '../http/problem';
import { cardRailNotConfigured } from './card';

/**
 * 409/422 naming `body.payment_rail` unless a card can pay `total`: the server has the card rail
 * and Stripe can charge the amount exactly (a KWD amount must end in 0, for instance).
 */
export function checkCardRental(cardRail: boolean, total: Money): void {
  if (!cardRail) throw cardRailNotConfigured('body.payment_rail');
  try {
    toStripeAmount(total);
  } catch (error) {
    if (!(error instanceof PricingError)) throw error;
    throw validationFailed([
      {
        path: 'body.payment_rail',
        message: `a card cannot pay this rental exactly (${error.message}); pay from the wallet`,
      },
    ]);
  }
}

/**
 * The pending card payment of a new card-paid contract, in the rental's transaction (one per
 * contract, key `contract:<id>`). The contract's own payment stays `pending` until the checkout
 * is paid; its checkout page is opened by `POST /v1/contracts/{id}/checkout`.
 */
export async function createContractPayment(
  trx: Transaction<Database>,
  contract: ContractRow,
  total: Money,
  now: Date,
): Promise<void> {
  await trx
    .insertInto('payments')
    .values({
      account_id: contract.renter_id,
      contract_id: contract.id,
      purpose: 'contract',
      rail: 'card',
      currency: total.currency,
      amount: total.amount,
      status: 'pending',
      failure: null,
      idempotency_key: `contract:${contract.id}`,
      checkout_session_id: null,
      checkout_url: null,
      checkout_expires_at: null,
      payment_intent_id: null,
      charge_id: null,
      succeeded_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
}
