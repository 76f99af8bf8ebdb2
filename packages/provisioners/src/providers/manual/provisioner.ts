import { randomUUID } from 'node:crypto';
import { isProvisionerError, ProvisionerError } from '../../errors';
import type { RetryPolicy } from '../../http/retry';
import { type Logger, silentLogger } from '../../logger';
import type { Provisioner } from '../../provisioner';
import type {
  CallContext,
  Health,
  Instance,
  ManagedInstance,
  ProvisionRequest,
  SetupReport,
} from '../../types';
import { ParsedConfig } from '../_shared/parsed-config';
import { messageOf, parseRequest } from '../_shared/request';
import {
  type ManualCompletionSource,
  type ManualInstanceDetails,
  ManualInstanceDetailsSchema,
} from './completion';
import { type ManualConfig, type ManualConfigInput, ManualConfigSchema } from './config';
import { deliverWebhook, type ManualWebhookEvent, type ManualWebhookEventName } from './webhook';

/** What {@link createManualProvisioner} needs besides the config. */
export interface ManualProvisionerDeps {
  /** Where completions come from (the agent: the API; tests: InMemoryCompletionSource). */
  readonly source: ManualCompletionSource;
  readonly logger?: Logger;
  /** For webhooks (default: global fetch). */
  readonly fetch?: typeof fetch;
  /** Retries of the provision notice, sent in the background (default: 8 retries over ~10 min). */
  readonly notifyRetry?: RetryPolicy;
  /** Retries of the termination notice, which `terminate` waits for (default: 2 retries). */
  readonly terminateRetry?: RetryPolicy;
}

/** Prefix of the external ids of manual instances: `manual-<full contract id>`. */
export const MANUAL_ID_PREFIX = 'manual-';

const DEFAULT_NOTIFY_RETRY: RetryPolicy = {
  retries: 8,
  baseDelayMs: 2_000,
  maxDelayMs: 5 * 60_000,
};
const DEFAULT_TERMINATE_RETRY: RetryPolicy = { retries: 2, baseDelayMs: 1_000, maxDelayMs: 5_000 };

/**
 * The manual provisioner, for providers who build servers by hand (spec: agent-protocol.md §5
 * "manual"). `provision` tells the provider through a signed webhook and waits until they
 * enter the server's details (the instance is `waiting_for_provider` meanwhile); `terminate`
 * tells them to tear it down and succeeds.
 *
 * It never fails a contract on its own (never-again #22): a webhook receiver that is down is
 * retried in the background and logged, a bad config is a retryable error the provider can fix,
 * and a wait that runs out is a retryable timeout. Only the provider declining the contract
 * fails it. Health is `unknown` unless the provider reports one: the agent cannot see the server.
 */
export function createManualProvisioner(
  config: ManualConfigInput,
  deps: ManualProvisionerDeps,
): Provisioner {
  return new ManualProvisioner(config, deps);
}

class ManualProvisioner implements Provisioner {
  readonly kind = 'manual';
  readonly capabilities = { stop: false, resetPassword: false, resize: false, list: true };
  readonly #config: ParsedConfig<ManualConfig>;
  readonly #deps: ManualProvisionerDeps;
  readonly #logger: Logger;
  /** Contracts a provision in this process is waiting for, to cancel on terminate. */
  readonly #pending = new Map<string, AbortController>();

  constructor(input: ManualConfigInput, deps: ManualProvisionerDeps) {
    this.#deps = deps;
    this.#logger = deps.logger ?? silentLogger;
    // Retryable: the provider fixes the config and the job goes on; the contract is not failed.
    this.#config = new ParsedConfig(ManualConfigSchema, input, 'manual', { retryable: true });
  }

  #ready(): ManualConfig {
    return this.#config.get();
  }

  async verifySetup(ctx?: CallContext): Promise<SetupReport> {
    const failure = this.#config.setupFailure();
    if (failure !== null) return failure;
    const config = this.#ready();
    const warnings: string[] = [];
    if (config.webhookUrl === undefined) {
      warnings.push('no webhookUrl: new contracts are only shown in the dashboard');
      return { ok: true, errors: [], warnings };
    }
    const url = new URL(config.webhookUrl);
    if (url.protocol === 'http:' && !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) {
      warnings.push(
        `webhookUrl ${config.webhookUrl} is plain http: contract details (and post-provision scripts) travel unencrypted`,
      );
    }
    try {
      await this.#send('ping', {}, { retries: 0 }, ctx?.signal);
      return { ok: true, errors: [], warnings };
    } catch (error) {
      return {
        ok: false,
        errors: [
          `webhook receiver ${config.webhookUrl} did not accept a signed ping: ${messageOf(error)}`,
        ],
        warnings,
      };
    }
  }

  async provision(input: ProvisionRequest, ctx?: CallContext): Promise<Instance> {
    const config = this.#ready();
    const request = parseRequest(input);
    const { contractId } = request;
    // Registered before the first await, so a terminate that comes at once still finds it.
    const waiting = new AbortController();
    const onOuterAbort = () => waiting.abort(ctx?.signal?.reason);
    ctx?.signal?.addEventListener('abort', onOuterAbort, { once: true });
    if (ctx?.signal?.aborted) onOuterAbort();
    this.#pending
      .get(contractId)
      ?.abort(
        new ProvisionerError(
          'conflict',
          `a newer provision of contract ${contractId} took over the wait`,
        ),
      );
    this.#pending.set(contractId, waiting);
    try {
      const done = await this.#deps.source.lookup(contractId, ctx);
      if (done !== null) return toInstance(done, contractId);
      if (waiting.signal.aborted) throw reasonOf(waiting.signal);
      this.#logger.info({ contractId }, 'waiting for the provider to build the server');
      // In the background: a receiver that is down delays the notice, never the contract.
      void this.#send(
        'provision_requested',
        provisionFields(request),
        this.#deps.notifyRetry ?? DEFAULT_NOTIFY_RETRY,
        waiting.signal,
      ).catch((error: unknown) => {
        if (isProvisionerError(error) && error.code === 'aborted') return;
        this.#logger.error(
          { contractId, error: messageOf(error) },
          'could not notify the provider of a new contract; it is shown in the dashboard',
        );
      });
      const details = await withDeadline(
        this.#deps.source.waitForCompletion(contractId, waiting.signal),
        config.waitTimeoutMs,
        contractId,
      );
      this.#logger.info({ contractId }, 'the provider completed the server');
      return toInstance(details, contractId);
    } finally {
      ctx?.signal?.removeEventListener('abort', onOuterAbort);
      if (this.#pending.get(contractId) === waiting) this.#pending.delete(contractId);
      if (!waiting.signal.aborted)
        waiting.abort(new ProvisionerError('aborted', 'provision finished'));
    }
  }

  async getInstance(externalId: string, ctx?: CallContext): Promise<Instance | null> {
    this.#ready();
    const contractId = contractOf(externalId);
    if (contractId === undefined) return null;
    const details = await this.#deps.source.lookup(contractId, ctx);
    if (details !== null) return toInstance(details, contractId);
    if (this.#pending.has(contractId)) return waitingInstance(contractId);
    return null;
  }

  async listInstances(ctx?: CallContext): Promise<ManagedInstance[]> {
    this.#ready();
    const done = await this.#deps.source.list(ctx);
    const listed: ManagedInstance[] = done.map((d) => ({
      externalId: externalIdOf(d.contractId),
      provisioner: this.kind,
      contractId: d.contractId,
      status: 'running',
    }));
    for (const contractId of this.#pending.keys()) {
      if (!done.some((d) => d.contractId === contractId)) {
        listed.push({
          externalId: externalIdOf(contractId),
          provisioner: this.kind,
          contractId,
          status: 'waiting_for_provider',
        });
      }
    }
    return listed;
  }

  async terminate(externalId: string, ctx?: CallContext): Promise<void> {
    this.#ready();
    const contractId = contractOf(externalId);
    if (contractId === undefined) {
      throw new ProvisionerError(
        'invalid_request',
        `${externalId.slice(0, 80)} is not a manual instance id (${MANUAL_ID_PREFIX}<contract id>)`,
        { retryable: false },
      );
    }
    this.#pending
      .get(contractId)
      ?.abort(
        new ProvisionerError(
          'conflict',
          `contract ${contractId} was terminated while waiting for the provider`,
          { retryable: false },
        ),
      );
    const details = await this.#deps.source.lookup(contractId, ctx);
    try {
      // Sent even when nothing is known here: after an agent restart the provider may be
      // building a server for a contract that has just been cancelled.
      await this.#send(
        'terminate_requested',
        {
          contract_id: contractId,
          external_id: externalId,
          ipv4: details?.ipv4 ?? null,
          ipv6: details?.ipv6 ?? null,
        },
        this.#deps.terminateRetry ?? DEFAULT_TERMINATE_RETRY,
        ctx?.signal,
      );
    } catch (error) {
      this.#logger.error(
        { contractId, error: messageOf(error) },
        'could not notify the provider of a termination; it is shown in the dashboard',
      );
    }
    await this.#deps.source.release(contractId, ctx);
    this.#logger.info({ contractId }, 'manual instance released');
  }

  async health(externalId: string, ctx?: CallContext): Promise<Health> {
    this.#ready();
    const contractId = contractOf(externalId);
    if (contractId === undefined)
      return { state: 'unknown', reason: `${externalId.slice(0, 80)} is not a manual instance` };
    const details = await this.#deps.source.lookup(contractId, ctx);
    if (details !== null)
      return (
        details.health ?? {
          state: 'unknown',
          reason: 'a hand-built server: the provider reports its state',
        }
      );
    if (this.#pending.has(contractId))
      return { state: 'unknown', reason: 'waiting for the provider to build it' };
    return { state: 'unknown', reason: `no manual instance for contract ${contractId}` };
  }

  /** Sends a signed event when a webhook is configured; without one there is nobody to tell. */
  async #send(
    name: ManualWebhookEventName,
    fields: Record<string, unknown>,
    retry: RetryPolicy,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const config = this.#ready();
    if (config.webhookUrl === undefined || config.webhookSecret === undefined) return;
    const event: ManualWebhookEvent = {
      event: name,
      delivery_id: randomUUID(),
      sent_at: new Date().toISOString(),
      ...fields,
    };
    await deliverWebhook(event, {
      url: config.webhookUrl,
      secret: config.webhookSecret,
      fetch: this.#deps.fetch ?? fetch,
      timeoutMs: config.webhookTimeoutMs,
      retry,
      signal,
      logger: this.#logger,
    });
    this.#logger.info({ event: name, delivery: event.delivery_id }, 'provider notified');
  }
}

/** The provision notice: the contract's needs, in the script protocol's field names. */
function provisionFields(request: ProvisionRequest): Record<string, unknown> {
  return {
    contract_id: request.contractId,
    external_id: externalIdOf(request.contractId),
    offering_id: request.offeringId,
    cpu_cores: request.cpuCores,
    memory_mb: request.memoryMiB,
    storage_gb: request.diskGiB,
    image: request.image,
    location: request.location,
    ssh_public_keys: request.sshPublicKeys,
    instance_config: request.config,
    post_provision_script: request.script ?? null,
  };
}

function externalIdOf(contractId: string): string {
  return `${MANUAL_ID_PREFIX}${contractId}`;
}

function contractOf(externalId: string): string | undefined {
  return externalId.startsWith(MANUAL_ID_PREFIX) && externalId.length > MANUAL_ID_PREFIX.length
    ? externalId.slice(MANUAL_ID_PREFIX.length)
    : undefined;
}

function toInstance(details: ManualInstanceDetails, contractId: string): Instance {
  const parsed = ManualInstanceDetailsSchema.safeParse(details);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    // The provider can correct what they typed; the job waits for that.
    throw new ProvisionerError(
      'invalid_request',
      `the details entered for contract ${contractId} are invalid: ${problems}`,
      { retryable: true },
    );
  }
  const d = parsed.data;
  return {
    externalId: externalIdOf(contractId),
    provisioner: 'manual',
    contractId,
    status: 'running',
    ipv4: d.ipv4,
    ipv6: d.ipv6,
    sshPort: d.sshPort,
    ...(d.rootPassword !== undefined ? { rootPassword: d.rootPassword } : {}),
  };
}

function waitingInstance(contractId: string): Instance {
  return {
    externalId: externalIdOf(contractId),
    provisioner: 'manual',
    contractId,
    status: 'waiting_for_provider',
    ipv4: null,
    ipv6: null,
    sshPort: 22,
  };
}

async function withDeadline<T>(
  promise: Promise<T>,
  ms: number | undefined,
  contractId: string,
): Promise<T> {
  if (ms === undefined) return promise;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ProvisionerError(
            'timeout',
            `the provider has not completed contract ${contractId} within ${ms} ms; the job will wait again`,
            { retryable: true },
          ),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Why a wait was cancelled, as a ProvisionerError. */
function reasonOf(signal: AbortSignal): ProvisionerError {
  return isProvisionerError(signal.reason)
    ? signal.reason
    : new ProvisionerError('aborted', 'operation aborted', {
        retryable: true,
        cause: signal.reason,
      });
}
