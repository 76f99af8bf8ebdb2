import { resolve } from 'node:path';
import { z } from 'zod';
import { parseSeller, type Seller } from './billing/seller';

const flag = z
  .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * Every setting of the server, read from the environment. Each entry's description is what
 * `dc-api --help` prints.
 */
export const ConfigSchema = z.object({
  DC_API_HOST: z.string().min(1).default('127.0.0.1').describe('Interface to listen on'),
  DC_API_PORT: int(0, 65_535).default(8787).describe('TCP port (0 = any free port)'),
  DC_PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe('URL clients reach the API at (default http://HOST:PORT); links in emails use it'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// or postgresql:// URL' })
    .optional()
    .describe('PostgreSQL connection URL; when unset the embedded PGlite database is used'),
  DC_DATA_DIR: z
    .string()
    .min(1)
    .default('./.dc-data')
    .describe('Folder for the embedded database and local files'),
  DC_DB_POOL_SIZE: int(1, 200).default(10).describe('PostgreSQL connections per instance'),
  DC_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Log level'),
  DC_SANDBOX: flag.default(false).describe('Sandbox mode (test payment rail, sandbox labels)'),
  DC_ADMIN_USERNAMES: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean),
    )
    .describe('Comma-separated usernames that are admins'),
  DC_TRUST_PROXY: flag
    .default(false)
    .describe('Take the client IP from X-Forwarded-For (only behind your own proxy)'),
  DC_RATE_LIMIT_STORE: z
    .enum(['memory', 'database'])
    .optional()
    .describe(
      'Where rate-limit counters live: memory (one instance) or database (shared); default memory on PGlite, database on PostgreSQL',
    ),
  DC_RATE_LIMIT_PER_IP: int(1, 1_000_000)
    .default(300)
    .describe('Requests per minute per client IP'),
  DC_RATE_LIMIT_PER_KEY: int(1, 1_000_000)
    .default(600)
    .describe('Requests per minute per signing key or API token'),
  DC_RATE_LIMIT_STRIPE_WEBHOOK: int(1, 1_000_000)
    .default(6000)
    .describe(
      'Requests per minute per IP to /v1/stripe/webhook, instead of DC_RATE_LIMIT_PER_IP (Stripe delivers in bursts from few addresses; each event is authenticated by its signature)',
    ),
  DC_SIGNATURE_WINDOW_S: int(30, 3600)
    .default(300)
    .describe('Accepted clock distance of signed requests, seconds'),
  DC_SHUTDOWN_TIMEOUT_MS: int(0, 600_000)
    .default(10_000)
    .describe('How long SIGTERM waits for in-flight requests before closing'),
  DC_REQUEST_TIMEOUT_HOURS: int(1, 8760)
    .default(24)
    .describe('A paid contract request nobody accepted expires (full refund) after this, hours'),
  DC_UNPAID_TIMEOUT_MINUTES: int(1, 525_600)
    .default(60)
    .describe('A contract request whose payment is still pending expires after this, minutes'),
  DC_PROVISIONING_TIMEOUT_MINUTES: int(1, 525_600)
    .default(60)
    .describe('Provisioning fails (full refund) this long after an agent first leased it, minutes'),
  DC_DELIVERY_GRACE_MINUTES: int(0, 525_600)
    .default(30)
    .describe('A delivered contract with no complaint becomes active after this, minutes'),
  DC_SWEEP_INTERVAL_MS: int(0, 86_400_000)
    .default(30_000)
    .describe('How often the contract sweeps (timeouts, term ends) run, ms; 0 turns them off'),
  DC_ARCHIVE_AFTER_DAYS: int(1, 36_500)
    .default(90)
    .describe('Ended contracts are archived this many days after they ended'),
  DC_PROBER_ENABLED: flag
    .default(true)
    .describe("Probe delivered instances' SSH ports from this instance (TCP connect)"),
  DC_PROBER_INTERVAL_MS: int(100, 86_400_000)
    .default(300_000)
    .describe('Time between two probes of a contract, ms (instances share the rounds)'),
  DC_PROBER_TIMEOUT_MS: int(100, 60_000)
    .default(5_000)
    .describe('TCP connect timeout of one probe, ms'),
  DC_PROBER_CONCURRENCY: int(1, 1_000).default(32).describe('Probes one instance runs at once'),
  DC_PROBER_ALLOW_PRIVATE: flag
    .default(false)
    .describe('Also probe loopback and private addresses (tests and private deployments only)'),
  DC_TRUST_INTERVAL_MS: int(1_000, 86_400_000)
    .default(300_000)
    .describe(
      'How often the trust job (uptime, provider records, trust scores) runs, ms; it runs with the sweeps',
    ),
  DC_UPTIME_ALERT_PCT: z.coerce
    .number()
    .min(0)
    .max(100)
    .default(95)
    .describe('Providers are alerted when the 24 h uptime of a contract falls below this, percent'),
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_\w+$/, {
      message: 'must be a Stripe secret or restricted key (sk_test_..., sk_live_..., rk_...)',
    })
    .optional()
    .describe('Stripe API key; the card rail (top-ups, card rentals) is off without it'),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_\w+$/, { message: 'must be a Stripe webhook signing secret (whsec_...)' })
    .optional()
    .describe('Signing secret of the /v1/stripe/webhook endpoint (needed with STRIPE_SECRET_KEY)'),
  STRIPE_API_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe('Stripe API base URL (default https://api.stripe.com; a local fake in tests)'),
  STRIPE_TIMEOUT_MS: int(1000, 120_000)
    .default(30_000)
    .describe('Timeout of one Stripe API call, ms; a refund claim lasts this plus 5 s'),
  DC_REFUND_APPROVAL_THRESHOLD_MINOR: int(0, Number.MAX_SAFE_INTEGER)
    .default(50_000)
    .describe('Card refunds above this many minor units wait for an admin to approve them'),
  DC_PLATFORM_FEE_BPS: int(0, 10_000)
    .default(0)
    .describe(
      'Platform fee in basis points of consumed value (0..10000; 1000 = 10 %); fixed per contract at its first earnings accrual',
    ),
  DC_MAIL_OUTBOX_DIR: z
    .string()
    .optional()
    .describe('Folder for outgoing mail as .eml files (default DATA_DIR/outbox)'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/]/, { message: 'must be an smtp:// or smtps:// URL' })
    .optional()
    .describe(
      'SMTP server for outgoing mail (smtp://user:pass@host:587, smtps:// for TLS); unset = .eml files',
    ),
  DC_MAIL_FROM: z
    .string()
    .min(3)
    .default('Decent Cloud <no-reply@localhost>')
    .describe('From address of outgoing mail'),
  DC_OUTBOX_LEASE_SECONDS: int(5, 86_400)
    .default(300)
    .describe('A receipt whose sender died mid-send is retried after this many seconds'),
  DC_TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^[0-9]+:[A-Za-z0-9_-]+$/, { message: 'must be a Telegram bot token (123456:ABC-...)' })
    .optional()
    .describe(
      'Telegram bot token of the notification bot; Telegram notifications are off without it',
    ),
  DC_TELEGRAM_API_URL: z
    .url({ protocol: /^https?$/ })
    .default('https://api.telegram.org')
    .describe('Telegram Bot API base URL (a local fake in tests)'),
  DC_TELEGRAM_BOT_USERNAME: z
    .string()
    .regex(/^@?[A-Za-z][A-Za-z0-9_]{3,31}$/, { message: 'must be a Telegram bot username' })
    .transform((name) => name.replace(/^@/, ''))
    .optional()
    .describe(
      "The bot's username for t.me link URLs; without it the API asks the Bot API's getMe once and keeps the answer",
    ),
  DC_TELEGRAM_POLL_ENABLED: flag
    .default(true)
    .describe(
      "Take the bot's updates (/start <link token>) with getUpdates from this instance; one instance at a time holds the lease",
    ),
  DC_TELEGRAM_POLL_TIMEOUT_S: int(1, 50)
    .default(25)
    .describe('Long-poll timeout of one getUpdates call, seconds'),
  DC_NOTIFY_INTERVAL_MS: int(0, 86_400_000)
    .default(5_000)
    .describe(
      'How often the notification worker looks for due sends (retries, ended leases), ms; new notifications wake it at once',
    ),
  DC_NOTIFY_LEASE_SECONDS: int(2, 86_400)
    .default(60)
    .describe(
      'A notification send whose worker died is taken up again (email, webhook) or given up (Telegram, at most once) after this many seconds',
    ),
  DC_NOTIFY_TIMEOUT_MS: int(1_000, 120_000)
    .default(10_000)
    .describe('Timeout of one Telegram or webhook call, ms'),
  DC_NOTIFY_MAX_ATTEMPTS: int(1, 100)
    .default(8)
    .describe('A notification send failing this many times is marked failed'),
  DC_NOTIFY_WEBHOOK_ALLOW_HTTP_LOOPBACK: flag
    .default(false)
    .describe(
      'Accept http:// webhook URLs on loopback addresses and deliver webhooks to non-public addresses (development and tests only)',
    ),
  DC_SELLER_NAME: z
    .string()
    .optional()
    .describe('Seller legal name on invoices (invoicing is off without the DC_SELLER_* settings)'),
  DC_SELLER_ADDRESS: z
    .string()
    .optional()
    .describe('Seller address on invoices, lines separated by |'),
  DC_SELLER_COUNTRY: z.string().optional().describe('Seller country, an EU ISO code like DE'),
  DC_SELLER_VAT_ID: z
    .string()
    .optional()
    .describe('Seller VAT id with its country prefix, e.g. DE123456789'),
  DC_SELLER_REGISTRATION: z.string().optional().describe('Seller company registration on invoices'),
  DC_SELLER_BANK: z.string().optional().describe('Seller bank details on invoices (IBAN, BIC)'),
  DC_VIES_URL: z
    .url({ protocol: /^https?$/ })
    .default('https://ec.europa.eu/taxation_customs/vies/rest-api')
    .describe('VIES REST API base URL (VAT number validation)'),
  DC_SLA_SCAN_INTERVAL_MS: int(1_000, 86_400_000)
    .default(60_000)
    .describe('How often unanswered renter messages are checked against their SLA, ms'),
  DC_CHATWOOT_ALLOW_INSECURE: flag
    .default(false)
    .describe(
      'Accept http:// and private-network Chatwoot URLs from providers (local setups and tests only)',
    ),
  DC_CHATWOOT_TIMEOUT_MS: int(1_000, 120_000)
    .default(10_000)
    .describe('Timeout of one Chatwoot API call, ms'),
  DC_CHATWOOT_RETRY_BASE_MS: int(10, 3_600_000)
    .default(5_000)
    .describe('First retry delay of a failed Chatwoot mirror call, ms (doubling, at most 1 h)'),
  DC_CHATWOOT_POLL_MS: int(0, 3_600_000)
    .default(5_000)
    .describe('How often the Chatwoot mirror looks for due retries, ms (0: only on new messages)'),
});

export type Config = z.output<typeof ConfigSchema> & {
  /** Resolved absolute paths and URLs derived from the raw settings. */
  readonly dataDir: string;
  readonly outboxDir: string;
  readonly rateLimitStore: 'memory' | 'database';
  /** The invoicing legal entity, or null when no DC_SELLER_* setting is given. */
  readonly seller: Seller | null;
};

/** A bad setting: the message names the variable and what is allowed. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the configuration; throws {@link ConfigError} naming every bad variable. */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Config {
  const known = Object.fromEntries(
    Object.keys(ConfigSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const parsed = ConfigSchema.safeParse(known);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) =>
        `  ${String(issue.path[0])}=${JSON.stringify(env[String(issue.path[0])] ?? '')}: ${issue.message}`,
    );
    throw new ConfigError(
      `Invalid configuration:\n${lines.join('\n')}\nRun dc-api --help for every setting.`,
    );
  }
  const seller = parseSeller(parsed.data);
  if (Array.isArray(seller)) {
    throw new ConfigError(
      `Invalid configuration:\n${seller.map((line) => `  ${line}`).join('\n')}\nRun dc-api --help for every setting.`,
    );
  }
  if (parsed.data.STRIPE_SECRET_KEY !== undefined && !parsed.data.STRIPE_WEBHOOK_SECRET) {
    // Without the webhook nothing would ever confirm a card payment.
    throw new ConfigError(
      'Invalid configuration:\n  STRIPE_WEBHOOK_SECRET="": required when STRIPE_SECRET_KEY is set (the whsec_... secret of the /v1/stripe/webhook endpoint)\nRun dc-api --help for every setting.',
    );
  }
  const dataDir = resolve(parsed.data.DC_DATA_DIR);
  return {
    seller,
    ...parsed.data,
    dataDir,
    outboxDir: resolve(parsed.data.DC_MAIL_OUTBOX_DIR ?? `${dataDir}/outbox`),
    rateLimitStore:
      parsed.data.DC_RATE_LIMIT_STORE ?? (parsed.data.DATABASE_URL ? 'database' : 'memory'),
  };
}

/** The `--help` text: every variable with its description and default. */
export function configHelp(): string {
  const rows = Object.entries(ConfigSchema.shape).map(([name, schema]) => {
    const fallback = (schema as z.ZodType).safeParse(undefined);
    const defaultText =
      fallback.success && fallback.data !== undefined
        ? ` (default: ${JSON.stringify(fallback.data)})`
        : '';
    return `  ${name.padEnd(24)} ${(schema as z.ZodType).description ?? ''}${defaultText}`;
  });
  return [
    'Usage: dc-api [--help]',
    '',
    'Decent Cloud API server. Settings (environment variables):',
    ...rows,
  ].join('\n');
}
