import type { operations } from '@dc/client';
import { formatMoney, money } from '@dc/pricing';
import { type ContractStatus, isTerminalStatus } from '@dc/state-machine';
import { accountCaller } from '../../accounts/caller';
import { contractAs } from '../../contracts/access';
import type { Handler } from '../../http/mount';
import { conflict } from '../../http/problem';
import { cardRail, returnUrls } from '../../payments/card';
import { openCheckout } from '../../payments/checkout';
import { paymentView } from '../../payments/store';

/** Stripe accepts a Checkout Session expiry between 30 minutes and 24 hours from now. */
const MIN_EXPIRY_MS = 31 * 60_000;
const MAX_EXPIRY_MS = 24 * 3_600_000;

/**
 * `POST /v1/contracts/{id}/checkout`: the hosted checkout page of a card-paid contract whose
 * payment is pending (the renter's only; created once, then the same page again). It expires
 * with the contract's unpaid-request timeout where Stripe allows (30 min to 24 h); money that
 * still arrives after the contract ended is refunded by the webhook.
 */
export const createContractCheckout: Handler<typeof operations.createContractCheckout> = async (
  { params, body },
  ctx,
) => {
  const caller = accountCaller(ctx);
  const contract = await contractAs(ctx.db, params.id, caller, 'renter', 'pay it');
  const payment = await ctx.db
    .selectFrom('payments')
    .selectAll()
    .where('contract_id', '=', contract.id)
    .where('purpose', '=', 'contract')
    .executeTakeFirst();
  if (payment === undefined) {
    throw conflict(
      'not_card_payment',
      `This contract is paid by ${contract.payment_rail}, not by card; it has no checkout.`,
    );
  }
  if (payment.status !== 'pending' || isTerminalStatus(contract.status as ContractStatus)) {
    throw conflict(
      'payment_not_pending',
      `The contract's card payment is ${payment.status} and the contract ${contract.status}; there is nothing to pay.`,
    );
  }
  const rail = cardRail(ctx.config, 'params.id');
  const now = ctx.services.now();
  const deadline = contract.requested_at.getTime() + ctx.config.DC_UNPAID_TIMEOUT_MINUTES * 60_000;
  const expiresAt = new Date(
    Math.min(Math.max(deadline, now.getTime() + MIN_EXPIRY_MS), now.getTime() + MAX_EXPIRY_MS),
  );
  const snapshot = contract.offering_snapshot as { name?: unknown };
  const name = typeof snapshot.name === 'string' ? snapshot.name : 'a server';
  const opened = await openCheckout(ctx.db, payment, {
    rail,
    description: `Decent Cloud rental of ${name}: ${formatMoney(money(payment.amount, payment.currency))} ${payment.currency}`,
    returnUrls: returnUrls(ctx.config, payment.id, body),
    expiresAt,
    now,
  });
  return {
    payment: paymentView(opened),
    checkout_url: opened.checkout_url ?? '',
    expires_at: opened.checkout_expires_at?.toISOString() ?? null,
  };
};
