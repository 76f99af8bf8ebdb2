import type { operations } from '@dc/client';
import { formatMoney, money } from '@dc/pricing';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { cardRail, returnUrls } from '../../payments/card';
import { openCheckout } from '../../payments/checkout';
import { paymentView } from '../../payments/store';
import { topUpPayment } from '../../payments/top-up';

/**
 * `POST /v1/wallet/top-ups`: a pending card payment for the wallet and its hosted checkout page.
 * The wallet is credited only when the card rail's webhook confirms the payment.
 */
export const createWalletTopUp: Handler<typeof operations.createWalletTopUp> = async (
  { body },
  ctx,
) => {
  const caller = accountCaller(ctx);
  const rail = cardRail(ctx.config, 'body');
  const now = ctx.services.now();
  const pending = await topUpPayment(ctx.db, caller.accountId, body, now);
  const payment = await openCheckout(ctx.db, pending, {
    rail,
    description: `Decent Cloud wallet top-up: ${formatMoney(money(pending.amount, pending.currency))} ${pending.currency}`,
    returnUrls: returnUrls(ctx.config, pending.id, body),
    now,
  });
  return {
    payment: paymentView(payment),
    checkout_url: payment.checkout_url ?? '',
    expires_at: payment.checkout_expires_at?.toISOString() ?? null,
  };
};
