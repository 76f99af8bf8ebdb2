import type { Client, ReportHealthParameters } from '@dc/client/agent';
import type { Health } from '@dc/provisioners/core';
import type { Logger } from 'pino';
import type { ProvisionerSet } from '../config/provisioners';
import { reportHealth } from './api';
import type { RuntimeEvent } from './events';
import { contractIdForApi, takeInventory } from './inventory';
import { askApi } from './reconcile';
import type { LinkObserver } from './reporter';
import type { StatusStore } from './status-store';

/** Most checks one health report may carry (the API's limit). */
export const HEALTH_BATCH = 100;
/** Health calls to the clouds at once: enough to finish a large fleet, few enough to be polite. */
const PARALLEL_CHECKS = 4;

type Check = ReportHealthParameters['body']['checks'][number];

/** What {@link HealthChecker} needs. */
export interface HealthCheckerDeps {
  readonly client: Client;
  readonly link: LinkObserver;
  readonly provisioners: ProvisionerSet;
  readonly logger: Logger;
  readonly status: StatusStore;
  readonly emit: (event: RuntimeEvent) => void;
  readonly now: () => number;
}

/**
 * Checks every live instance and reports the results. Only instances the API says to `keep`
 * are checked: a report naming any other contract is refused whole, and an ended contract's
 * health means nothing. A healthy check of a delivered contract confirms the delivery.
 */
export class HealthChecker {
  constructor(private readonly deps: HealthCheckerDeps) {}

  async run(signal: AbortSignal): Promise<void> {
    const { deps } = this;
    const inventory = await takeInventory(deps.provisioners, deps.logger, signal);
    const verdicts = await askApi(deps.client, deps.link, inventory, signal);
    const live = verdicts.filter(
      (v) => v.action === 'keep' && contractIdForApi(v.found.instance) !== null,
    );
    const checks: Check[] = [];
    await forEachLimited(live, PARALLEL_CHECKS, async ({ found }) => {
      if (signal.aborted) return;
      const health = await found.provisioner.health(found.instance.externalId, { signal }).catch(
        (error: unknown): Health => ({
          state: 'unknown',
          reason: `health check failed: ${error instanceof Error ? error.message : String(error)}`,
        }),
      );
      checks.push(checkOf(contractIdForApi(found.instance) ?? '', health, deps.now()));
    });
    for (let i = 0; i < checks.length && !signal.aborted; i += HEALTH_BATCH) {
      try {
        await reportHealth(
          deps.client,
          { body: { checks: checks.slice(i, i + HEALTH_BATCH) } },
          { signal },
        );
        deps.link.ok();
      } catch (error) {
        deps.link.failed(error);
        throw error;
      }
    }
    deps.status.update(() => ({ last_health_at: new Date(deps.now()).toISOString() }));
    deps.logger.info({ checks: checks.length }, 'health reported');
    deps.emit({ type: 'health_reported', checks: checks.length });
  }
}

/** One check as the API takes it (reasons clipped to its 500 characters). */
function checkOf(contractId: string, health: Health, now: number): Check {
  const checkedAt = new Date(now).toISOString();
  if (health.state === 'healthy') {
    return {
      contract_id: contractId,
      status: 'healthy',
      uptime_seconds: health.uptimeSeconds,
      checked_at: checkedAt,
    };
  }
  const reason = health.reason.trim().slice(0, 500) || health.state;
  return { contract_id: contractId, status: health.state, reason, checked_at: checkedAt };
}

/** Runs `task` over `items`, at most `limit` at once. */
async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
