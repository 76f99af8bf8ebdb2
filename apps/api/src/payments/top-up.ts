import type { TopUpBody } from '@dc/client';
import {
  currencyExponent,
  formatMoney,
  money,
  PricingError,
  stripeGranularity,
  toStripeAmount,
} from '@dc/pricing';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../db/schema';
import { conflict, validationFailed } from '../http/problem';
import { type PaymentRow, paymentById } from './store';

/** Stripe's largest amount: eight digits in its unit. */
const STRIPE_MAX_AMOUNT = 99_999_999n;

/**
 * The smallest top-up in minor units: 0.50 in the currency (billing.md §1), rounded up to one
 * whole unit where the currency has no minor unit and to what Stripe can charge (MGA: whole
 * ariary).
 */
export function minimumTopUp(currency: string): bigint {
  const exponent = currencyExponent(currency);
  const half = exponent === 0 ? 1n : 5n * 10n ** BigInt(exponent - 1);
  const granularity = stripeGranularity(currency);
  return ((half + granularity - 1n) / granularity) * granularity;
}

/** 422 naming `body.amount` unless the amount is a top-up Stripe can charge. */
export function checkTopUpAmount(currency: string, amount: bigint): void {
  const show = (value: bigint) => `${formatMoney(money(value, currency))} ${currency}`;
  const refuse = (message: string) => validationFailed([{ path: 'body.amount', message }], 422);
  const minimum = minimumTopUp(currency);
  if (amount < minimum) {
    throw refuse(`must be at least ${minimum} minor units (${show(minimum)}), got ${show(amount)}`);
  }
  let stripeAmount: bigint;
  try {
    stripeAmount = toStripeAmount(money(amount, currency));
  } catch (error) {
    if (error instanceof PricingError) throw refuse(error.message);
    throw error;
  }
  if (stripeAmount > STRIPE_MAX_AMOUNT) {
    throw refuse(
      `is above the largest card payment Stripe takes (${STRIPE_MAX_AMOUNT} in its unit)`,
    );
  }
}

/**
 * The pending payment of a wallet top-up, created once per (account, client key): a retry with
 * the same key returns it (409 `idempotency_key_reused` when the key bought something else).
 */
export async function topUpPayment(
  db: Kysely<Database>,
  accountId: string,
  body: z.output<typeof TopUpBody>,
  now: Date,
): Promise<PaymentRow> {
  const amount = BigInt(body.amount);
  checkTopUpAmount(body.currency, amount);
  const key = `topup:${accountId}:${body.idempotency_key}`;
  const inserted = await db
    .insertInto('payments')
    .values({
      account_id: accountId,
      contract_id: null,
      purpose: 'wallet_topup',
      rail: 'card',
      currency: body.currency,
      amount,
      status: 'pending',
      failure: null,
      idempotency_key: key,
      checkout_session_id: null,
      checkout_url: null,
      checkout_expires_at: null,
      payment_intent_id: null,
      charge_id: null,
      succeeded_at: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  const existing = await db
    .selectFrom('payments')
    .select('id')
    .where('idempotency_key', '=', key)
    .executeTakeFirstOrThrow();
  const row = await paymentById(db, inserted?.id ?? existing.id);
  if (row === undefined) throw new Error(`topUpPayment: payment for ${key} vanished`);
  if (row.currency !== body.currency || row.amount !== amount) {
    throw conflict(
      'idempotency_key_reused',
      `The idempotency key "${body.idempotency_key}" already started a top-up of ${formatMoney(money(row.amount, row.currency))} ${row.currency}; use a new key for a new top-up.`,
    );
  }
  return row;
}
