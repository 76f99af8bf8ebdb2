import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';

/** `DELETE /v1/notifications/telegram`: no more Telegram notifications (idempotent). */
export const deleteTelegramChat: Handler<typeof operations.deleteTelegramChat> = async (
  _input,
  ctx,
) => {
  const caller = accountCaller(ctx);
  await ctx.db
    .deleteFrom('notification_telegram')
    .where('account_id', '=', caller.accountId)
    .execute();
};
