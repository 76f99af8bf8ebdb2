import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import { pricedRental } from '../../contracts/priced-rental';
import type { Handler } from '../../http/mount';

/** `POST /v1/contracts/quote`: what `POST /v1/contracts` would charge now; changes nothing. */
export const quoteRental: Handler<typeof operations.quoteRental> = async ({ body }, ctx) => {
  const caller = accountCaller(ctx);
  const now = ctx.services.now();
  const { offering, vat, price } = await pricedRental(
    ctx.db,
    caller,
    { offeringId: body.offering_id, hours: body.hours, osImage: body.os_image },
    ctx.config.seller,
  );
  const wallet = await ctx.db
    .selectFrom('wallet_balances')
    .select('balance')
    .where('account_id', '=', caller.accountId)
    .where('currency', '=', offering.currency)
    .executeTakeFirst();
  const balance = wallet?.balance ?? 0n;
  return {
    offering_id: offering.id,
    hours: body.hours,
    currency: offering.currency,
    charge: Number(price.charge.amount),
    setup_fee: Number(price.setupFee.amount),
    net: Number(price.net.amount),
    vat: Number(price.vat.amount),
    total: Number(price.gross.amount),
    vat_kind: vat.kind,
    vat_rate_bps: Number(vat.rateBps),
    vat_note: vat.note,
    wallet_balance: Number(balance),
    wallet_covers: balance >= price.gross.amount,
    as_of: now.toISOString(),
  };
};
