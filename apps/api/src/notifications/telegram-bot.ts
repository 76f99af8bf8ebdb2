import type { TelegramSettings } from './telegram';

/** A Bot API call that failed: Telegram's error code and description, or a network error. */
export class TelegramApiError extends Error {
  override name = 'TelegramApiError';
  constructor(
    readonly method: string,
    /** Telegram's `error_code` (or the HTTP status); 0 when the call got no answer. */
    readonly code: number,
    description: string,
  ) {
    super(`Telegram ${method} failed (${code}): ${description}`.slice(0, 1000));
  }
}

/**
 * Calls Bot API `method` with a JSON body and returns its `result`. The token is in the URL
 * path, so errors never include the URL. `signal` aborts the call (a stopping poller).
 */
export async function callBotApi<T>(
  settings: TelegramSettings,
  method: string,
  body: Record<string, unknown>,
  options: { readonly timeoutMs?: number; readonly signal?: AbortSignal } = {},
): Promise<T> {
  const url = `${settings.apiUrl.replace(/\/+$/, '')}/bot${settings.botToken}/${method}`;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? settings.timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      redirect: 'error',
      signal: options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]),
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
    const code = typeof cause?.code === 'string' ? cause.code : (error as Error).name;
    throw new TelegramApiError(method, 0, `no answer (${code})`);
  }
  let answer: { ok?: unknown; result?: unknown; error_code?: unknown; description?: unknown };
  try {
    answer = (await response.json()) as typeof answer;
  } catch {
    throw new TelegramApiError(method, response.status, 'the answer was not JSON');
  }
  if (answer.ok === true) return answer.result as T;
  throw new TelegramApiError(
    method,
    typeof answer.error_code === 'number' ? answer.error_code : response.status,
    typeof answer.description === 'string' ? answer.description : 'no description',
  );
}

/** The bot's own user (`getMe`), the part the platform uses. */
export interface TelegramBotUser {
  readonly id: number;
  readonly is_bot: boolean;
  readonly username?: string;
}

const usernames = new Map<string, Promise<string>>();

/**
 * The bot's username for t.me links: `configured` (DC_TELEGRAM_BOT_USERNAME) when set, else the
 * Bot API's `getMe`, asked once per process and bot and kept (a failed answer is not kept).
 */
export function botUsername(
  settings: TelegramSettings,
  configured: string | undefined,
): Promise<string> {
  if (configured !== undefined) return Promise.resolve(configured);
  const key = `${settings.apiUrl} ${settings.botToken}`;
  let found = usernames.get(key);
  if (found === undefined) {
    found = callBotApi<TelegramBotUser>(settings, 'getMe', {}).then((me) => {
      if (typeof me.username !== 'string' || me.username.length === 0) {
        throw new TelegramApiError('getMe', 0, 'the bot has no username');
      }
      return me.username;
    });
    usernames.set(key, found);
    found.catch(() => usernames.delete(key));
  }
  return found;
}

/** The bot id: the number before the ':' of its token (update ids are counted per bot). */
export function botIdOf(botToken: string): bigint {
  return BigInt(botToken.slice(0, botToken.indexOf(':')));
}
