import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { conflict } from '../../http/problem';
import { preferencesView } from '../../notifications/preferences';

/** `PUT /v1/notifications/telegram`: the chat the platform's bot writes to. */
export const setTelegramChat: Handler<typeof operations.setTelegramChat> = async (
  { body },
  ctx,
) => {
  const caller = accountCaller(ctx);
  if (ctx.config.DC_TELEGRAM_BOT_TOKEN === undefined) {
    throw conflict(
      'telegram_unavailable',
      'This platform has no Telegram bot configured (DC_TELEGRAM_BOT_TOKEN); Telegram notifications are not offered.',
    );
  }
  const now = ctx.services.now();
  await ctx.db
    .insertInto('notification_telegram')
    .values({
      account_id: caller.accountId,
      chat_id: body.chat_id,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.column('account_id').doUpdateSet({ chat_id: body.chat_id, updated_at: now }),
    )
    .execute();
  return preferencesView(ctx.db, caller.accountId, true);
};
