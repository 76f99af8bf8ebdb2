import { createContractCheckout, type Offering, rentContract } from '@dc/client';
import { key, SSH_KEY } from '../contracts/_http';
import type { TestAccount } from '../offerings/_support';
import { type PaymentWorld, sessionIdOf } from './_world';

/** Rents `offering` by card and opens its checkout. */
export async function rentByCard(renter: TestAccount, offering: Offering, hours = 720) {
  const contract = await rentContract(renter.client, {
    body: {
      offering_id: offering.id,
      hours,
      ssh_public_keys: [SSH_KEY],
      os_image: offering.os_images[0] ?? 'debian-12',
      payment_rail: 'card',
      idempotency_key: key('rent'),
    },
  });
  const checkout = await createContractCheckout(renter.client, { id: contract.id, body: {} });
  return { contract, checkout, sessionId: sessionIdOf(checkout.checkout_url) };
}

/** The refunds rows of a contract, oldest first. */
export function refundsOf(world: PaymentWorld, contractId: string) {
  return world.server.database.db
    .selectFrom('refunds')
    .selectAll()
    .where('contract_id', '=', contractId)
    .orderBy('created_at')
    .execute();
}

/** The receipts queued for a payment (the outbox key is `receipt:payment:<id>`). */
export function receiptsOf(world: PaymentWorld, paymentId: string) {
  return world.server.database.db
    .selectFrom('mail_outbox')
    .select('key')
    .where('key', '=', `receipt:payment:${paymentId}`)
    .execute();
}

/** Admin alerts about a payment. */
export function alertsOf(world: PaymentWorld, paymentId: string) {
  return world.server.database.db
    .selectFrom('payment_alerts')
    .select(['kind', 'detail'])
    .where('payment_id', '=', paymentId)
    .orderBy('created_at')
    .execute();
}
