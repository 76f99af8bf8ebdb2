import type { ExtensionCheckoutBody } from '@dc/client';
import { formatMoney, money, PricingError, toStripeAmount } from '@dc/pricing';
import { type ExtendEvent, type PartyActor, transition } from '@dc/state-machine';
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import { refusalProblem } from '../../contracts/refusal';
import { type ContractRow, contractSnapshot } from '../../contracts/row';
import type { Database } from '../../db/schema';
import { conflict, validationFailed } from '../../http/problem';
import type { PaymentRow } from '../store';
import { type ExtensionPrice, extensionPrice } from './price';

/** The `extend` event a paid extension of `price` applies. */
export function extendEvent(hours: bigint, price: ExtensionPrice): ExtendEvent {
  return {
    type: 'extend',
    segment: { hours, amount: price.net },
    payment: { status: 'succeeded', amount: price.net },
  };
}

/**
 * The pending card payment of an extension of the locked, card-paid `contract` (purpose
 * `extension`, key `extension:<contract>:<client key>`): created once, in the caller's
 * transaction; a retry with the same key returns it (409 `idempotency_key_reused` when the key
 * bought other hours). A new one is refused as the state machine would refuse the extension
 * itself (the contract must be delivered and its money settled), so no one pays for hours that
 * cannot be added; if the contract changes before the money arrives, the webhook refunds it.
 */
export async function startExtensionPayment(
  trx: Transaction<Database>,
  contract: ContractRow,
  body: z.output<typeof ExtensionCheckoutBody>,
  context: { readonly actor: PartyActor; readonly now: Date },
): Promise<PaymentRow> {
  const key = `extension:${contract.id}:${body.idempotency_key}`;
  const existing = await trx
    .selectFrom('payments')
    .selectAll()
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  if (existing !== undefined) {
    if (existing.extension_hours !== body.hours) {
      throw conflict(
        'idempotency_key_reused',
        `The idempotency key "${body.idempotency_key}" already started an extension of ${existing.extension_hours} hours; use a new key for a new extension.`,
      );
    }
    return existing;
  }
  const hours = BigInt(body.hours);
  const price = extensionPrice(contract, hours);
  const check = transition(await contractSnapshot(trx, contract), extendEvent(hours, price), {
    now: context.now,
    actor: context.actor,
  });
  if (!check.ok) throw refusalProblem(check.error);
  const gross = money(price.gross, contract.currency);
  try {
    toStripeAmount(gross);
  } catch (error) {
    if (!(error instanceof PricingError)) throw error;
    throw validationFailed([
      {
        path: 'body.hours',
        message: `a card cannot pay ${formatMoney(gross)} ${gross.currency} exactly (${error.message}); choose other hours`,
      },
    ]);
  }
  return trx
    .insertInto('payments')
    .values({
      account_id: contract.renter_id,
      contract_id: contract.id,
      purpose: 'extension',
      rail: 'card',
      currency: contract.currency,
      amount: price.gross,
      extension_hours: body.hours,
      status: 'pending',
      failure: null,
      idempotency_key: key,
      checkout_session_id: null,
      checkout_url: null,
      checkout_expires_at: null,
      payment_intent_id: null,
      charge_id: null,
      succeeded_at: null,
      created_at: context.now,
      updated_at: context.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
