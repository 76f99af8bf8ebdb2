import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import type { Logger } from 'pino';
import { createApp } from './app';
import { DatabaseReplayGuard, sweepExpiredNonces } from './auth/replay-store';
import { startChatwootWorker } from './chatwoot/worker';
import type { Config } from './config';
import { type DatabaseHandle, openDatabase } from './db/connect';
import { loadMigrations, migrate } from './db/migrate';
import { publicFetch } from './http/outbound/public-fetch';
import { createLogger } from './logger';
import { createMailer } from './mail/create-mailer';
import { startNotificationWorker } from './notifications/start-worker';
import { startTelegramPoller } from './notifications/telegram-updates';
import { startPaymentWorker } from './payments/worker';
import { startProber } from './prober/worker';
import { DatabaseRateLimiter } from './rate-limit/database';
import { MemoryRateLimiter } from './rate-limit/memory';
import type { Services } from './services';
import { sweepSettings } from './sweeps/settings';
import { startSweeper } from './sweeps/sweeper';
import { proberSettings, trustJobSettings } from './trust/settings';
import { createJobWakeups } from './wakeups/create';

/** A running server. */
export interface RunningServer {
  readonly url: string;
  readonly database: DatabaseHandle;
  readonly logger: Logger;
  /** Stops accepting connections, waits for in-flight requests (up to the timeout), closes the database. */
  close(): Promise<void>;
}

/** Options for tests and embedding. */
export interface StartOptions {
  readonly logger?: Logger;
  readonly services?: Partial<Services>;
}

/**
 * Opens the database, applies migrations (refusing to start on an edited one), and listens.
 */
export async function startServer(
  config: Config,
  options: StartOptions = {},
): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config);
  const database = await openDatabase(
    config.DATABASE_URL
      ? { engine: 'postgres', url: config.DATABASE_URL, maxConnections: config.DC_DB_POOL_SIZE }
      : { engine: 'pglite', dataDir: config.dataDir },
  );
  const migrations = loadMigrations();
  try {
    const report = await migrate(database, migrations);
    logger.info(
      { engine: database.engine, applied: report.applied, current: report.current },
      'database ready',
    );
  } catch (error) {
    await database.close();
    throw error;
  }
  let jobWakeups: Services['jobWakeups'];
  try {
    jobWakeups =
      options.services?.jobWakeups ??
      (await createJobWakeups({ database, url: config.DATABASE_URL, logger }));
  } catch (error) {
    await database.close();
    throw error;
  }
  const services: Services = {
    now: () => new Date(),
    jobWakeups,
    replayGuard: new DatabaseReplayGuard(database.db),
    rateLimiter:
      config.rateLimitStore === 'database'
        ? new DatabaseRateLimiter(database.db)
        : new MemoryRateLimiter(),
    mailer: options.services?.mailer ?? createMailer(config, logger),
    ...options.services,
  };
  const app = createApp({
    config,
    database,
    logger,
    services,
    expectedMigrations: migrations.length,
  });
  const sweeper = setInterval(() => {
    sweepExpiredNonces(database.db, services.now()).catch((error: unknown) =>
      logger.warn({ err: error }, 'nonce sweep failed'),
    );
  }, 60_000);
  sweeper.unref();
  const contractSweeper = startSweeper({
    db: database.db,
    now: services.now,
    settings: sweepSettings(config),
    log: logger,
    intervalMs: config.DC_SWEEP_INTERVAL_MS,
    billing: {
      mailer: services.mailer,
      outboxLeaseMs: config.DC_OUTBOX_LEASE_SECONDS * 1000,
      seller: config.seller,
    },
    earnings: { feeBps: BigInt(config.DC_PLATFORM_FEE_BPS) },
    sla: { everyMs: config.DC_SLA_SCAN_INTERVAL_MS },
    termReminders: true,
    trust: trustJobSettings(config),
  });

  // The platform's own probes of delivered instances (trust.md §1), shared by the instances.
  const prober = startProber({
    db: database.db,
    now: services.now,
    log: logger,
    ...proberSettings(config),
  });

  // Card refunds right after the transaction that records them, and their retries.
  const paymentWorker = startPaymentWorker({
    db: database.db,
    config,
    now: services.now,
    log: logger,
    wakeups: services.jobWakeups,
    intervalMs: config.DC_SWEEP_INTERVAL_MS,
  });

  // Providers' Chatwoot mirrors right after a message commits, and their retries.
  const chatwootWorker = startChatwootWorker({
    db: database.db,
    now: services.now,
    log: logger,
    wakeups: services.jobWakeups,
    http: {
      timeoutMs: config.DC_CHATWOOT_TIMEOUT_MS,
      // A provider's URL must not lead the server into its own network (SSRF), whatever DNS says.
      ...(config.DC_CHATWOOT_ALLOW_INSECURE
        ? {}
        : {
            fetch: ((url, init) =>
              publicFetch(String(url), init as never, { allowPrivate: false })) as typeof fetch,
          }),
    },
    retryBaseMs: config.DC_CHATWOOT_RETRY_BASE_MS,
    pollMs: config.DC_CHATWOOT_POLL_MS,
  });

  // Notification deliveries right after the transaction that enqueues them, and their retries.
  const notificationWorker = startNotificationWorker({
    db: database.db,
    config,
    now: services.now,
    log: logger,
    wakeups: services.jobWakeups,
  });

  // The bot's updates (/start <link token> links a chat), one instance polling at a time.
  const botToken = config.DC_TELEGRAM_BOT_TOKEN;
  const telegramPoller =
    botToken !== undefined && config.DC_TELEGRAM_POLL_ENABLED
      ? startTelegramPoller({
          db: database.db,
          telegram: {
            apiUrl: config.DC_TELEGRAM_API_URL,
            botToken,
            timeoutMs: config.DC_NOTIFY_TIMEOUT_MS,
          },
          now: services.now,
          log: logger,
          pollTimeoutS: config.DC_TELEGRAM_POLL_TIMEOUT_S,
        })
      : undefined;

  const server = await new Promise<ServerType>((resolve, reject) => {
    const instance = serve(
      { fetch: app.fetch, hostname: config.DC_API_HOST, port: config.DC_API_PORT },
      () => resolve(instance),
    );
    instance.once('error', reject);
  });
  // Keep idle connections longer than clients do (Node's fetch drops them after 4 s, browsers and
  // load balancers after about 60 s), so a client never reuses a socket the server is closing.
  const http = server as { keepAliveTimeout?: number; headersTimeout?: number };
  http.keepAliveTimeout = 65_000;
  http.headersTimeout = 66_000;
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = config.DC_PUBLIC_URL ?? `http://${host}:${address.port}`;
  logger.info({ url }, 'listening');

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      clearInterval(sweeper);
      await contractSweeper.stop();
      await paymentWorker.stop();
      await prober.stop();
      await chatwootWorker.stop();
      await notificationWorker.stop();
      await telegramPoller?.stop();
      // Waiting long-polls answer now instead of holding the shutdown for up to 25 s.
      await services.jobWakeups.close();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          logger.warn('shutdown timeout: closing remaining connections');
          (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        }, config.DC_SHUTDOWN_TIMEOUT_MS);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        // Idle keep-alive sockets would hold close() open; in-flight requests finish first.
        (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      });
      services.mailer.close?.();
      await database.close();
      logger.info('stopped');
    })();
    return closing;
  };
  return { url, database, logger, close };
}
