import type { operations } from '@dc/client';
import { accountCaller, requireSignature } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { conflict, HttpProblem } from '../../http/problem';
import { botUsername } from '../../notifications/telegram-bot';
import { createLinkToken } from '../../notifications/telegram-link';

/**
 * `POST /v1/notifications/telegram/link`: a single-use `https://t.me/<bot>?start=<token>` link.
 * The chat that sends the token to the bot (the update consumer, telegram-updates.ts) is linked,
 * so nobody can point an account's notifications at a chat they do not hold, nor link their chat
 * to an account whose key they do not hold.
 */
export const createTelegramLink: Handler<typeof operations.createTelegramLink> = async (
  _input,
  ctx,
) => {
  const caller = accountCaller(ctx);
  requireSignature(caller, 'Linking a Telegram chat');
  const botToken = ctx.config.DC_TELEGRAM_BOT_TOKEN;
  if (botToken === undefined) {
    throw conflict(
      'telegram_unavailable',
      'This platform has no Telegram bot configured (DC_TELEGRAM_BOT_TOKEN); Telegram notifications are not offered.',
    );
  }
  let username: string;
  try {
    username = await botUsername(
      {
        apiUrl: ctx.config.DC_TELEGRAM_API_URL,
        botToken,
        timeoutMs: ctx.config.DC_NOTIFY_TIMEOUT_MS,
      },
      ctx.config.DC_TELEGRAM_BOT_USERNAME,
    );
  } catch (error) {
    throw new HttpProblem(
      503,
      'telegram_unreachable',
      "The Telegram bot's username could not be read from the Bot API (getMe); try again later. The operator can set DC_TELEGRAM_BOT_USERNAME.",
      { cause: error, retryAfter: 30 },
    );
  }
  const { token, expiresAt } = await createLinkToken(ctx.db, caller.accountId, ctx.services.now());
  return {
    url: `https://t.me/${username}?start=${token}`,
    bot_username: username,
    expires_at: expiresAt.toISOString(),
  };
};
