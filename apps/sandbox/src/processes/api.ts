import { dirname, join } from 'node:path';
import { apiEntry } from '../paths';
import { ManagedChild } from './child';

/** The API server child process. */
export interface ApiChild {
  /** Where it listens, `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly process: ManagedChild;
}

/** What the sandbox sets; only PATH and HOME of our own environment reach the API. */
export interface ApiSettings {
  /** Its PGlite folder and mail outbox. */
  readonly dataDir: string;
  readonly logFile: string;
  /** The sandbox admin's username (`DC_ADMIN_USERNAMES`). */
  readonly adminUsername: string;
  /** A Telegram bot for notifications, when the developer gave one; else none. */
  readonly telegram?: SandboxTelegram;
}

/** A Telegram bot the sandbox's API links chats to and notifies through (a real one, or a fake). */
export interface SandboxTelegram {
  /** `DC_TELEGRAM_BOT_TOKEN`: the token @BotFather gave. */
  readonly botToken: string;
  /** `DC_TELEGRAM_API_URL`; default Telegram's own Bot API. */
  readonly apiUrl?: string;
  /** `DC_TELEGRAM_BOT_USERNAME`; default asked from the Bot API (`getMe`). */
  readonly botUsername?: string;
  /** `DC_TELEGRAM_POLL_TIMEOUT_S`: getUpdates long-poll seconds; default the API's. */
  readonly pollTimeoutS?: number;
}

/** The API's settings for `telegram`. */
function telegramEnv(telegram: SandboxTelegram | undefined): NodeJS.ProcessEnv {
  if (telegram === undefined) return {};
  return {
    DC_TELEGRAM_BOT_TOKEN: telegram.botToken,
    ...(telegram.apiUrl === undefined ? {} : { DC_TELEGRAM_API_URL: telegram.apiUrl }),
    ...(telegram.botUsername === undefined
      ? {}
      : { DC_TELEGRAM_BOT_USERNAME: telegram.botUsername }),
    ...(telegram.pollTimeoutS === undefined
      ? {}
      : { DC_TELEGRAM_POLL_TIMEOUT_S: String(telegram.pollTimeoutS) }),
  };
}

/**
 * Starts `apps/api/dist/main.js` in sandbox mode and waits for its `listening` line.
 *
 * - `DC_SANDBOX=true`: the sandbox payment rail and sandbox top-ups work (never in production).
 * - No `DC_SELLER_*`: invoicing is off (a sandbox sells nothing), so rentals need no billing
 *   settings and carry no VAT.
 * - The prober is off: the fake cloud's servers have documentation addresses nobody answers
 *   on, so probes would only count them down; uptime comes from the agent's health checks.
 * - Rate limits are high: the browser's calls all come through our proxy from one address.
 * - Telegram only with a bot the developer gave (`settings.telegram`).
 */
export async function startApi(settings: ApiSettings): Promise<ApiChild> {
  const entry = apiEntry();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    ...(process.env['HOME'] ? { HOME: process.env['HOME'] } : {}),
    NODE_ENV: 'production',
    DC_API_HOST: '127.0.0.1',
    DC_API_PORT: '0',
    DC_DATA_DIR: settings.dataDir,
    DC_SANDBOX: 'true',
    DC_LOG_LEVEL: 'info',
    DC_ADMIN_USERNAMES: settings.adminUsername,
    DC_PROBER_ENABLED: 'false',
    DC_RATE_LIMIT_PER_IP: '100000',
    DC_RATE_LIMIT_PER_KEY: '100000',
    DC_SHUTDOWN_TIMEOUT_MS: '5000',
    DC_MAIL_FROM: 'Decent Cloud local sandbox <no-reply@localhost>',
    ...telegramEnv(settings.telegram),
  };
  const child = new ManagedChild({
    name: 'the API',
    args: [entry],
    env,
    cwd: dirname(dirname(entry)),
    logFile: settings.logFile,
  });
  try {
    const url = await child.waitForJsonLine(
      '"listening"',
      (line) =>
        line['msg'] === 'listening' && typeof line['url'] === 'string' ? line['url'] : undefined,
      180_000,
    );
    return { url, process: child };
  } catch (error) {
    await child.stop(5_000);
    throw error;
  }
}

/** The API's data folder inside the sandbox's. */
export const apiDataDir = (dataDir: string): string => join(dataDir, 'api');
