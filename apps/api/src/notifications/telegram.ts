import { fetchErrorOutcome, type SendOutcome } from './outcome';

/** Where and how the platform's Telegram bot is reached. */
export interface TelegramSettings {
  /** Bot API base URL, `https://api.telegram.org` (a fake in tests). */
  readonly apiUrl: string;
  readonly botToken: string;
  readonly timeoutMs: number;
}

/**
 * Sends `text` (plain, no parse mode: nothing in it is interpreted) to `chatId` with the Bot
 * API's `sendMessage`. Telegram has no idempotency key: the caller records the send as under
 * way before calling (see worker.ts). The token is in the URL path, so errors never include
 * the URL.
 */
export async function sendTelegramMessage(
  settings: TelegramSettings,
  chatId: string,
  text: string,
): Promise<SendOutcome> {
  const url = `${settings.apiUrl.replace(/\/+$/, '')}/bot${settings.botToken}/sendMessage`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat_id: chatId, text, disable_web_page_preview: true }),
      redirect: 'error',
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
  } catch (error) {
    return fetchErrorOutcome(error, 'Telegram sendMessage');
  }
  let answer: {
    ok?: unknown;
    result?: { message_id?: unknown };
    error_code?: unknown;
    description?: unknown;
    parameters?: { retry_after?: unknown };
  };
  try {
    answer = (await response.json()) as typeof answer;
  } catch {
    // Not the Bot API speaking (a proxy's error page): whether Telegram sent it is unknown.
    return { kind: 'unknown', message: `Telegram answered ${response.status} without JSON` };
  }
  if (answer.ok === true) {
    return { kind: 'sent', detail: `telegram message ${String(answer.result?.message_id)}` };
  }
  const code = typeof answer.error_code === 'number' ? answer.error_code : response.status;
  const description = typeof answer.description === 'string' ? answer.description : '';
  const message = `Telegram refused the message (${code}): ${description}`.slice(0, 1000);
  // The Bot API answered with an error: the message was not sent.
  if (code === 429) {
    const seconds = Number(answer.parameters?.retry_after);
    return {
      kind: 'retry',
      message,
      ...(Number.isFinite(seconds) && seconds > 0 ? { retryAfterMs: seconds * 1000 } : {}),
    };
  }
  if (code >= 500) return { kind: 'retry', message };
  return { kind: 'refused', message };
}
