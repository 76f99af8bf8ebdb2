import type { operations } from '@dc/client';
import { formatMoney, money } from '@dc/pricing';
import { accountCaller } from '../../accounts/caller';
import { contractAs, partyActor } from '../../contracts/access';
import { lockContract } from '../../contracts/row';
import type { Handler } from '../../http/mount';
import { conflict, notFound } from '../../http/problem';
import { cardRail, returnUrls } from '../../payments/card';
import { openCheckout } from '../../payments/checkout';
import { startExtensionPayment } from '../../payments/extension/start';
import { paymentView } from '../../payments/store';

/** Stripe accepts a Checkout Session expiry between 30 minutes and 24 hours from now. */
const MIN_EXPIRY_MS = 31 * 60_000;
const MAX_EXPIRY_MS = 24 * 3_600_000;

/**
 * `POST /v1/contracts/{id}/extension-checkout`: more hours of a card-paid contract, bought on
 * a hosted checkout page (the renter's only). The payment is recorded in one transaction on
 * the locked contract (see `startExtensionPayment`), then its page is opened once; the hours
 * are added by the webhook that confirms the money (`applyExtensionPayment`). The page expires
 * with the paid term where Stripe allows (30 min to 24 h): money arriving after the contract
 * ended is refunded.
 */
export const createExtensionCheckout: Handler<typeof operations.createExtensionCheckout> = async (
  { params, body },
  ctx,
) => {
  const caller = accountCaller(ctx);
  const contract = await contractAs(ctx.db, params.id, caller, 'renter', 'extend it');
  if (contract.payment_rail !== 'card') {
    throw conflict(
      'not_card_payment',
      `This contract is paid by ${contract.payment_rail}, not by card; extend it with POST /v1/contracts/${contract.id}/extend.`,
    );
  }
  const rail = cardRail(ctx.config, 'params.id');
  const now = ctx.services.now();
  const payment = await ctx.db.transaction().execute(async (trx) => {
    const locked = await lockContract(trx, contract.id);
    if (locked === undefined) throw notFound('Contract');
    return startExtensionPayment(trx, locked, body, { actor: partyActor(caller, 'renter'), now });
  });
  const termEnd = contract.term_end?.getTime() ?? Number.POSITIVE_INFINITY;
  const expiresAt = new Date(
    Math.min(Math.max(termEnd, now.getTime() + MIN_EXPIRY_MS), now.getTime() + MAX_EXPIRY_MS),
  );
  const opened = await openCheckout(ctx.db, payment, {
    rail,
    description: `Decent Cloud: ${body.hours} more hours of contract ${contract.id}, ${formatMoney(money(payment.amount, payment.currency))} ${payment.currency}`,
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
