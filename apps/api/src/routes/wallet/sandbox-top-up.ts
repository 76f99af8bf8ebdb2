import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { forbidden } from '../../http/problem';
import { ledgerEntryView, ledgerRow } from '../../wallet/entry-view';
import { postWalletEntry } from '../../wallet/post-entry';

/**
 * `POST /v1/wallet/sandbox-top-up`: test money for a platform started in sandbox mode. The
 * mode comes from the server's configuration, never from the request.
 */
export const sandboxTopUp: Handler<typeof operations.sandboxTopUp> = async ({ body }, ctx) => {
  const caller = accountCaller(ctx);
  if (!ctx.config.DC_SANDBOX) {
    throw forbidden(
      'sandbox_only',
      'Sandbox top-ups exist only on a platform running in sandbox mode; top up with a card or ask an admin.',
    );
  }
  const now = ctx.services.now();
  return ctx.db.transaction().execute(async (trx) => {
    const posted = await postWalletEntry(trx, {
      accountId: caller.accountId,
      currency: body.currency,
      amount: BigInt(body.amount),
      kind: 'topup',
      idempotencyKey: `sandbox-topup:${caller.accountId}:${body.idempotency_key}`,
      memo: 'sandbox top-up',
      now,
    });
    return ledgerEntryView(await ledgerRow(trx, posted.ledgerId));
  });
};
