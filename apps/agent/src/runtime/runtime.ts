import { mkdirSync } from 'node:fs';
import { createClient, keyAuth } from '@dc/client/agent';
import { nodeSign } from '@dc/crypto/node';
import { ApiLink } from './api-link';
import type { RuntimeEvent } from './events';
import { HealthChecker } from './health';
import { startHeartbeats } from './heartbeat';
import { JobRunner } from './job-runner';
import { runLeaseLoop } from './lease-loop';
import { createNodeFetch } from './node-fetch';
import { type RuntimeOptions, resolveOptions } from './options';
import { OrphanStore } from './orphans-store';
import { runPeriodically } from './periodic';
import { Reconciler } from './reconcile';
import { Reporter } from './reporter';
import { type RuntimeStatus, StatusStore } from './status-store';

/** A running daemon. */
export interface AgentRuntime {
  /**
   * Stops leasing (cutting the long-poll short), lets in-flight jobs finish within
   * `shutdownTimeoutMs`, hands the rest back to the queue, stops the timers. Idempotent.
   */
  stop(reason: string): Promise<void>;
  /** Resolves once the runtime has stopped. */
  readonly done: Promise<void>;
  /** What it is doing now (also in `<stateDir>/status.json`). */
  status(): RuntimeStatus;
}

/** Headroom over the long-poll wait before a lease request counts as timed out. */
const LONG_POLL_MARGIN_MS = 15_000;

/**
 * Starts the daemon: heartbeats, then leasing and running jobs, lease renewal, reconcile and
 * health checks, each on its own timer. Throws at once when the state folder cannot be
 * created or read; everything after that (API outages, cloud errors) is survived and logged.
 */
export function startRuntime(options: RuntimeOptions): AgentRuntime {
  const o = resolveOptions(options);
  const { logger, now } = o;
  // Owner-only: the folder names servers and contracts.
  mkdirSync(o.stateDir, { recursive: true, mode: 0o700 });
  const orphans = OrphanStore.load(o.stateDir, logger);

  const emit = (event: RuntimeEvent) => {
    try {
      o.onEvent(event);
    } catch (error) {
      // Output is a courtesy; a broken listener must not take the daemon down.
      logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'event listener failed',
      );
    }
  };
  const startedAt = new Date(now()).toISOString();
  const status = new StatusStore(
    o.stateDir,
    {
      pid: process.pid,
      version: o.version,
      api_url: o.apiUrl,
      agent_key: o.identity.publicKeyHex,
      started_at: startedAt,
      updated_at: startedAt,
      state: 'running',
      api: { state: 'unknown', since: null, last_error: null },
      concurrency: o.concurrency,
      jobs: [],
      last_heartbeat_at: null,
      last_reconcile_at: null,
      last_health_at: null,
      orphans: [],
    },
    logger,
    now,
  );
  status.update(() => ({}));
  const link = new ApiLink(logger, status, emit, now);
  const client = createClient({
    baseUrl: o.apiUrl,
    // Native Ed25519: the agent signs every lease, renewal, report and heartbeat.
    auth: keyAuth(o.identity.secretKey, { signer: nodeSign }),
    // Retries are the runtime's own (backoff with jitter, lease-aware), never the client's.
    retries: 0,
    timeoutMs: o.leaseWaitMs + LONG_POLL_MARGIN_MS,
    // node:http rather than the built-in fetch: a fraction of the CPU per call.
    fetch: o.fetch ?? createNodeFetch(),
  });
  const backoff = { baseMs: o.tuning.backoffBaseMs, capMs: o.tuning.backoffCapMs };
  const reporter = new Reporter(client, { backoff, link });
  const runner = new JobRunner({
    client,
    reporter,
    link,
    provisioners: o.provisioners,
    logger,
    status,
    emit,
    now,
    concurrency: o.concurrency,
    renewIntervalMs: o.tuning.leaseRenewIntervalMs,
    releaseTimeoutMs: o.tuning.releaseTimeoutMs,
  });

  // Three lifetimes: leasing ends first, maintenance (reconcile, health) with it, heartbeats
  // last, so the pool stays online while in-flight jobs finish.
  const leasing = new AbortController();
  const maintenance = new AbortController();
  const beating = new AbortController();

  const heartbeats = startHeartbeats(
    {
      client,
      link,
      logger,
      status,
      emit,
      now,
      version: o.version,
      kinds: o.provisioners.kinds,
      capacity: o.concurrency,
      activeJobs: () => runner.inFlight,
      intervalMs: o.heartbeatIntervalMs,
      backoff,
    },
    beating.signal,
  );
  const leaseLoop = runLeaseLoop(
    {
      client,
      link,
      logger,
      runner,
      waitMs: o.leaseWaitMs,
      backoff,
      ready: heartbeats.firstAccepted,
    },
    leasing.signal,
  );
  const reconciler = new Reconciler({
    client,
    link,
    provisioners: o.provisioners,
    orphans,
    logger,
    status,
    emit,
    now,
    orphanGraceMs: o.orphanGraceMs,
  });
  const reconciling = runPeriodically('reconcile', (signal) => reconciler.run(signal), {
    intervalMs: o.reconcileIntervalMs,
    runAtStart: true,
    logger,
    signal: maintenance.signal,
  });
  const checker = new HealthChecker({
    client,
    link,
    provisioners: o.provisioners,
    logger,
    status,
    emit,
    now,
  });
  const checking = runPeriodically('health check', (signal) => checker.run(signal), {
    intervalMs: o.healthIntervalMs,
    runAtStart: false,
    logger,
    signal: maintenance.signal,
  });

  let stopping: Promise<void> | undefined;
  let markDone: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    markDone = resolve;
  });

  const stop = (reason: string): Promise<void> => {
    stopping ??= (async () => {
      logger.info({ reason, jobs: runner.inFlight }, 'stopping');
      emit({ type: 'stopping', reason });
      status.update(() => ({ state: 'stopping' }), { urgent: true });
      leasing.abort();
      maintenance.abort();
      await leaseLoop.catch(() => {});
      await runner.drain(o.shutdownTimeoutMs);
      beating.abort();
      await Promise.allSettled([heartbeats.done, reconciling.done, checking.done]);
      status.update(() => ({ state: 'stopped', jobs: [] }));
      await status.flush();
      logger.info('stopped');
      emit({ type: 'stopped' });
      markDone();
    })();
    return stopping;
  };

  leaseLoop.catch((error: unknown) => {
    // A bug, not an outage (those are handled inside): stop cleanly rather than idle forever.
    logger.error(
      { err: error instanceof Error ? error.message : String(error) },
      'lease loop crashed',
    );
    void stop('lease loop crashed');
  });

  logger.info(
    {
      api_url: o.apiUrl,
      agent_key: o.identity.publicKeyHex,
      concurrency: o.concurrency,
      kinds: o.provisioners.kinds,
    },
    'agent runtime started',
  );
  emit({ type: 'started', pid: process.pid });
  return { stop, done, status: () => status.get() };
}
