import { money } from '@dc/pricing';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { HttpProblem } from '../http/problem';
import type { PaymentRail } from './rail';
import { RailError } from './rail';
import { type PaymentPurpose, type PaymentRow, paymentById } from './store';

/** What {@link openCheckout} needs besides the payment. */
export interface CheckoutParameters {
  readonly rail: PaymentRail;
  readonly description: string;
  readonly returnUrls: { readonly success: string; readonly cancel: string };
  /** When the checkout should stop accepting payment (the rail's own default when absent). */
  readonly expiresAt?: Date;
  readonly now: Date;
}

/**
 * The hosted checkout of a pending payment: created on the rail once (its idempotency key is
 * `checkout:<payment id>`, so a retry after a lost answer gets the same session) and stored on
 * the payment row. Runs outside any transaction: it waits for the rail. A rail failure is a 503
 * the caller may retry with the same request.
 */
export async function openCheckout(
  db: Kysely<Database>,
  payment: PaymentRow,
  params: CheckoutParameters,
): Promise<PaymentRow> {
  if (payment.checkout_session_id !== null && payment.checkout_url !== null) return payment;
  let outcome: Awaited<ReturnType<PaymentRail['charge']>>;
  try {
    outcome = await params.rail.charge({
      paymentId: payment.id,
      accountId: payment.account_id,
      contractId: payment.contract_id,
      purpose: payment.purpose as PaymentPurpose,
      amount: money(payment.amount, payment.currency),
      description: params.description,
      idempotencyKey: `checkout:${payment.id}`,
      returnUrls: params.returnUrls,
      ...(params.expiresAt === undefined ? {} : { expiresAt: params.expiresAt }),
      now: params.now,
    });
  } catch (error) {
    if (!(error instanceof RailError)) throw error;
    throw new HttpProblem(
      503,
      'payment_rail_unavailable',
      `The card payment page could not be opened (${error.message}); retry the same request.`,
      { cause: error },
    );
  }
  if (outcome.kind !== 'redirect') throw new Error('openCheckout: the rail settled at once');
  await db
    .updateTable('payments')
    .set({
      checkout_session_id: outcome.reference,
      checkout_url: outcome.url,
      checkout_expires_at: outcome.expiresAt,
      updated_at: params.now,
    })
    .where('id', '=', payment.id)
    .where('checkout_session_id', 'is', null)
    .execute();
  const stored = await paymentById(db, payment.id);
  if (stored === undefined) throw new Error(`openCheckout: payment ${payment.id} vanished`);
  return stored;
}
