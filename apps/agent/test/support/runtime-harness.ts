import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSetupToken, registerAgent } from '@dc/client';
import { generateIdentity, type Identity } from '@dc/crypto';
import { createHetznerProvisioner, type Provisioner } from '@dc/provisioners';
import { FakeHetznerCloud } from '@dc/provisioners/testing';
import pino, { type Logger } from 'pino';
import { type ProvisionerSet, provisionerSetOf } from '../../src/config/provisioners';
import {
  type AgentRuntime,
  type RuntimeEvent,
  type RuntimeOptions,
  startRuntime,
} from '../../src/runtime/index';
import { type AgentWorld, newProvider, publishOffering, type WorldProvider } from './world';

/**
 * Polls `probe` until it returns something other than `undefined`/`false`, or fails after a
 * generous timeout naming `what`. Tests wait on conditions with it, never on wall-clock sleeps.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A pino logger that keeps every line (all levels), to check what the agent writes. */
export function capturingLogger(): { logger: Logger; text(): string } {
  const lines: string[] = [];
  const logger = pino({ level: 'trace' }, { write: (line: string) => lines.push(line) });
  return { logger, text: () => lines.join('') };
}

/** A fake Hetzner Cloud with quick actions; `close()` it after the test. */
export async function startFakeHetzner(): Promise<FakeHetznerCloud> {
  const fake = new FakeHetznerCloud({ actionDelayMs: 5 });
  await fake.start();
  return fake;
}

/** The real Hetzner provisioner pointed at `fake`, with short polling and retries. */
export function hetznerOn(fake: FakeHetznerCloud, logger?: Logger): Provisioner {
  return createHetznerProvisioner(
    {
      token: fake.token,
      baseUrl: fake.baseUrl,
      location: 'fsn1',
      pollIntervalMs: 2,
      actionTimeoutMs: 10_000,
      timeoutMs: 10_000,
    },
    { retry: { retries: 3, baseDelayMs: 2, maxDelayMs: 20 }, ...(logger ? { logger } : {}) },
  );
}

/** A fresh provider pool (its own queue) with a published auto-accepted offering. */
export interface TestPool {
  readonly provider: WorldProvider;
  readonly offering: Awaited<ReturnType<typeof publishOffering>>;
  /** An agent key registered in the pool with a setup token. */
  readonly identity: Identity;
}

/**
 * A new provider with its own pool, a `kind` offering and a registered agent key, so tests in
 * one API process never take each other's jobs.
 */
export async function newPool(
  world: AgentWorld,
  kind = 'hetzner',
  config: Readonly<Record<string, unknown>> = {},
): Promise<TestPool> {
  const provider = await newProvider(world.api.url, [kind]);
  const offering = await publishOffering(provider, kind, config);
  const identity = await registerAgentKey(world, provider);
  return { provider, offering, identity };
}

/** Registers a new agent key in `provider`'s pool with a fresh setup token. */
export async function registerAgentKey(
  world: AgentWorld,
  provider: WorldProvider,
): Promise<Identity> {
  const { token } = await createSetupToken(provider.client, { id: provider.poolId, body: {} });
  const identity = generateIdentity();
  await registerAgent(world.clientFor(identity), {
    body: { token, agent_pubkey: identity.publicKeyHex, region: 'europe' },
  });
  return identity;
}

/** A runtime under test with what it did. */
export interface TestRuntime {
  readonly runtime: AgentRuntime;
  readonly events: RuntimeEvent[];
  readonly stateDir: string;
  /** Events of one type. */
  of<T extends RuntimeEvent['type']>(type: T): Extract<RuntimeEvent, { type: T }>[];
  /** Stops the runtime (if running) and removes its state folder unless told to keep it. */
  close(options?: { keepState?: boolean }): Promise<void>;
}

/** What a test runtime is started with (anything else gets fast test defaults). */
export interface TestRuntimeOptions
  extends Partial<Omit<RuntimeOptions, 'provisioners' | 'identity'>> {
  readonly identity: Identity;
  readonly provisioners: ProvisionerSet | readonly Provisioner[];
}

/**
 * Starts the runtime in-process against `world`'s API with short intervals: heartbeats and
 * lease renewal every 100 ms, fast backoff, and reconcile/health far apart unless asked.
 */
export function startTestRuntime(world: AgentWorld, options: TestRuntimeOptions): TestRuntime {
  const events: RuntimeEvent[] = [];
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'dc-agent-state-'));
  const provisioners =
    'byName' in options.provisioners
      ? options.provisioners
      : provisionerSetOf(
          options.provisioners.map((provisioner) => ({ name: provisioner.kind, provisioner })),
        );
  const runtime = startRuntime({
    apiUrl: world.api.url,
    concurrency: 4,
    leaseWaitMs: 2_000,
    heartbeatIntervalMs: 100,
    healthIntervalMs: 3_600_000,
    reconcileIntervalMs: 3_600_000,
    orphanGraceMs: 3_600_000,
    shutdownTimeoutMs: 10_000,
    version: 'test-agent',
    logger: pino({ level: 'silent' }),
    ...options,
    provisioners,
    stateDir,
    tuning: { leaseRenewIntervalMs: 100, backoffBaseMs: 20, backoffCapMs: 500, ...options.tuning },
    onEvent: (event) => {
      events.push(event);
      options.onEvent?.(event);
    },
  });
  return {
    runtime,
    events,
    stateDir,
    of: (type) => events.filter((e) => e.type === type) as never,
    async close(closeOptions = {}) {
      await runtime.stop('test over');
      if (!closeOptions.keepState && options.stateDir === undefined) {
        rmSync(stateDir, { recursive: true, force: true });
      }
    },
  };
}

/** A gate a test opens to let waiting calls through. */
export class Gate {
  #open = false;
  #waiters: (() => void)[] = [];

  get isOpen(): boolean {
    return this.#open;
  }

  open(): void {
    this.#open = true;
    for (const wake of this.#waiters.splice(0)) wake();
  }

  /** Resolves when open; rejects with the signal's reason when it aborts first. */
  pass(signal?: AbortSignal): Promise<void> {
    if (this.#open) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(signal?.reason ?? new Error('aborted'));
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }
}

/** Passes every call to a real provisioner; subclasses change the calls a test is about. */
export class DelegatingProvisioner implements Provisioner {
  constructor(protected readonly inner: Provisioner) {}

  get kind(): string {
    return this.inner.kind;
  }
  get capabilities(): Provisioner['capabilities'] {
    return this.inner.capabilities;
  }
  verifySetup(...args: Parameters<Provisioner['verifySetup']>) {
    return this.inner.verifySetup(...args);
  }
  provision(...args: Parameters<Provisioner['provision']>) {
    return this.inner.provision(...args);
  }
  getInstance(...args: Parameters<Provisioner['getInstance']>) {
    return this.inner.getInstance(...args);
  }
  listInstances(...args: Parameters<Provisioner['listInstances']>) {
    return this.inner.listInstances(...args);
  }
  terminate(...args: Parameters<Provisioner['terminate']>) {
    return this.inner.terminate(...args);
  }
  health(...args: Parameters<Provisioner['health']>) {
    return this.inner.health(...args);
  }
  resetPassword(...[externalId, ctx]: Parameters<NonNullable<Provisioner['resetPassword']>>) {
    if (!this.inner.resetPassword) throw new Error(`${this.kind} cannot reset passwords`);
    return this.inner.resetPassword(externalId, ctx);
  }
  stop(...[externalId, ctx]: Parameters<NonNullable<Provisioner['stop']>>) {
    if (!this.inner.stop) throw new Error(`${this.kind} cannot stop servers`);
    return this.inner.stop(externalId, ctx);
  }
  start(...[externalId, ctx]: Parameters<NonNullable<Provisioner['start']>>) {
    if (!this.inner.start) throw new Error(`${this.kind} cannot start servers`);
    return this.inner.start(externalId, ctx);
  }
}

/**
 * A provisioner around a real one whose `provision` first waits at a gate (a 20-minute build,
 * as far as the runtime can tell), counting how many provisions are in flight at once and
 * recording each call's abort signal. `terminateError` makes terminate fail.
 */
export class GatedProvisioner extends DelegatingProvisioner {
  readonly gate = new Gate();
  inFlight = 0;
  maxInFlight = 0;
  readonly started: { contractId: string; signal: AbortSignal | undefined }[] = [];
  /** When set, `terminate` throws this (a cloud that refuses to delete). */
  terminateError: Error | undefined;

  override async provision(...[request, ctx]: Parameters<Provisioner['provision']>) {
    this.started.push({ contractId: request.contractId, signal: ctx?.signal });
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await this.gate.pass(ctx?.signal);
      return await this.inner.provision(request, ctx);
    } finally {
      this.inFlight -= 1;
    }
  }

  override async terminate(...[externalId, ctx]: Parameters<Provisioner['terminate']>) {
    if (this.terminateError) throw this.terminateError;
    return this.inner.terminate(externalId, ctx);
  }
}

/**
 * A cloud that sets a root password at creation (Hetzner gives none when SSH keys are set):
 * after the real provision it resets the password and returns it as `rootPassword`, so the
 * runtime's sealing at delivery is exercised end to end.
 */
export class PasswordAtCreation extends DelegatingProvisioner {
  override async provision(...args: Parameters<Provisioner['provision']>) {
    const instance = await this.inner.provision(...args);
    const rootPassword = await this.resetPassword(instance.externalId, args[1]);
    return { ...instance, rootPassword };
  }
}
