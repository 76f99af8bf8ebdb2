import type { Identity } from '@dc/crypto';
import type { Logger } from 'pino';
import type { ProvisionerSet } from '../config/provisioners';
import type { RuntimeEvent } from './events';

/** What `startRuntime` needs: the parsed config, the agent key and the built provisioners. */
export interface RuntimeOptions {
  /** The Decent Cloud API, e.g. `https://api.decent-cloud.example`. */
  readonly apiUrl: string;
  /** The agent key; every request is signed with it. */
  readonly identity: Identity;
  readonly provisioners: ProvisionerSet;
  /** Where `orphans.json` and `status.json` live (created 0700 when missing). */
  readonly stateDir: string;
  /** Jobs run at once (default 4). */
  readonly concurrency?: number;
  /** How long one lease long-poll waits for a job, ms (default and maximum 25 000). */
  readonly leaseWaitMs?: number;
  readonly heartbeatIntervalMs: number;
  readonly healthIntervalMs: number;
  readonly reconcileIntervalMs: number;
  /** How long an instance nobody claims stays before it is terminated as an orphan. */
  readonly orphanGraceMs: number;
  /** On stop: how long in-flight jobs may finish before they are released to the queue. */
  readonly shutdownTimeoutMs: number;
  /** The agent's version, sent in heartbeats. */
  readonly version: string;
  /** JSON logs; the runtime never hands it a secret. */
  readonly logger: Logger;
  /** Called for everything worth showing a person (see {@link RuntimeEvent}). */
  readonly onEvent?: (event: RuntimeEvent) => void;
  /** The clock of orphan grace periods and status times (tests move it). */
  readonly now?: () => number;
  /** A `fetch` for API calls instead of the agent's own on node:http (proxies, custom TLS, fault injection). */
  readonly fetch?: typeof fetch;
  /** Timings that only tests change. */
  readonly tuning?: RuntimeTuning;
}

/** Timings with production defaults; tests shorten them. */
export interface RuntimeTuning {
  /** How often a held lease is renewed, ms (default 20 000; leases last 60 s). */
  readonly leaseRenewIntervalMs?: number;
  /** First retry delay when the API is unreachable, ms (default 1 000). */
  readonly backoffBaseMs?: number;
  /** Longest retry delay when the API is unreachable, ms (default 30 000). */
  readonly backoffCapMs?: number;
  /** How long a shutdown may spend handing unfinished jobs back, ms (default 5 000). */
  readonly releaseTimeoutMs?: number;
}

/** Options with every default applied. */
export interface ResolvedOptions
  extends Required<Omit<RuntimeOptions, 'onEvent' | 'fetch' | 'tuning'>> {
  readonly onEvent: (event: RuntimeEvent) => void;
  readonly fetch: typeof fetch | undefined;
  readonly tuning: Required<RuntimeTuning>;
}

/** Most jobs one lease request may ask for (the API's limit). */
export const MAX_LEASE_BATCH = 10;
/** Longest long-poll the API accepts. */
export const MAX_LEASE_WAIT_MS = 25_000;

/** Applies defaults and checks the numbers, naming the option that is wrong. */
export function resolveOptions(options: RuntimeOptions): ResolvedOptions {
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`"concurrency" must be an integer >= 1, got ${concurrency}`);
  }
  const leaseWaitMs = options.leaseWaitMs ?? MAX_LEASE_WAIT_MS;
  if (!Number.isInteger(leaseWaitMs) || leaseWaitMs < 0 || leaseWaitMs > MAX_LEASE_WAIT_MS) {
    throw new RangeError(`"leaseWaitMs" must be 0..${MAX_LEASE_WAIT_MS}, got ${leaseWaitMs}`);
  }
  for (const name of [
    'heartbeatIntervalMs',
    'healthIntervalMs',
    'reconcileIntervalMs',
    'orphanGraceMs',
    'shutdownTimeoutMs',
  ] as const) {
    const value = options[name];
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`"${name}" must be a number of ms >= 0, got ${value}`);
    }
  }
  const tuning = options.tuning ?? {};
  return {
    ...options,
    concurrency,
    leaseWaitMs,
    onEvent: options.onEvent ?? (() => {}),
    now: options.now ?? Date.now,
    fetch: options.fetch,
    tuning: {
      leaseRenewIntervalMs: tuning.leaseRenewIntervalMs ?? 20_000,
      backoffBaseMs: tuning.backoffBaseMs ?? 1_000,
      backoffCapMs: tuning.backoffCapMs ?? 30_000,
      releaseTimeoutMs: tuning.releaseTimeoutMs ?? 5_000,
    },
  };
}
