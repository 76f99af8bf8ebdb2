import type { Client, ReconcileInstancesReturnType } from '@dc/client/agent';
import type { Logger } from 'pino';
import type { ProvisionerSet } from '../config/provisioners';
import { reconcileInstances } from './api';
import type { RuntimeEvent } from './events';
import {
  contractIdForApi,
  type FoundInstance,
  type Inventory,
  instanceKey,
  takeInventory,
} from './inventory';
import type { OrphanStore } from './orphans-store';
import type { LinkObserver } from './reporter';
import type { StatusStore } from './status-store';

/** Most instances one reconcile request may carry (the API's limit). */
export const RECONCILE_BATCH = 1000;

type Action = ReconcileInstancesReturnType['instances'][number]['action'];

/** Each instance found, with what the API says to do with it. */
export interface Verdict {
  readonly found: FoundInstance;
  readonly action: Action;
}

/**
 * Asks the API what to do with each instance (`keep`, `terminate`, `stop`, `unknown`,
 * `foreign`: another pool's, left alone), in
 * batches. Read-only on the server. Throws when the API cannot answer: without its word the
 * agent does nothing to any server.
 */
export async function askApi(
  client: Client,
  link: LinkObserver,
  inventory: Inventory,
  signal: AbortSignal,
): Promise<Verdict[]> {
  const verdicts: Verdict[] = [];
  for (let i = 0; i < inventory.found.length; i += RECONCILE_BATCH) {
    const batch = inventory.found.slice(i, i + RECONCILE_BATCH);
    let answer: ReconcileInstancesReturnType;
    try {
      answer = await reconcileInstances(
        client,
        {
          body: {
            instances: batch.map(({ name, instance }) => ({
              provisioner: name,
              external_id: instance.externalId,
              contract_id: contractIdForApi(instance),
            })),
          },
        },
        { signal },
      );
      link.ok();
    } catch (error) {
      link.failed(error);
      throw error;
    }
    // Answers come in request order; matched by key all the same, never by position alone.
    const byKey = new Map(
      answer.instances.map((a) => [instanceKey(a.provisioner, a.external_id), a.action]),
    );
    for (const found of batch) {
      const action = byKey.get(instanceKey(found.name, found.instance.externalId));
      if (action !== undefined) verdicts.push({ found, action });
    }
  }
  return verdicts;
}

/** What {@link Reconciler} needs. */
export interface ReconcilerDeps {
  readonly client: Client;
  readonly link: LinkObserver;
  readonly provisioners: ProvisionerSet;
  readonly orphans: OrphanStore;
  readonly logger: Logger;
  readonly status: StatusStore;
  readonly emit: (event: RuntimeEvent) => void;
  readonly now: () => number;
  readonly orphanGraceMs: number;
}

/**
 * Makes the clouds match the API: instances of ended contracts are terminated, those of
 * suspended contracts stopped, and instances nobody claims (orphans: a server built but never
 * reported, whose contract then ended; a duplicate a stale agent built) terminated once they
 * stayed unclaimed for the grace period, timed from when this agent first saw them so.
 */
export class Reconciler {
  constructor(private readonly deps: ReconcilerDeps) {}

  async run(signal: AbortSignal): Promise<void> {
    const { deps } = this;
    const inventory = await takeInventory(deps.provisioners, deps.logger, signal);
    const verdicts = await askApi(deps.client, deps.link, inventory, signal);
    const now = deps.now();
    let terminated = 0;
    let stopped = 0;
    for (const { found, action } of verdicts) {
      if (signal.aborted) break;
      const { name, instance } = found;
      const log = {
        provisioner: name,
        external_id: instance.externalId,
        contract_id: instance.contractId,
      };
      try {
        if (action === 'unknown') {
          const since = deps.orphans.firstSeen(
            name,
            instance.externalId,
            contractIdForApi(instance),
            now,
          );
          if (now - since < deps.orphanGraceMs) continue;
          // Said before the call (warnings are written at once): a server deleted by a run that
          // dies mid-way still leaves the reason in the log.
          deps.logger.warn(
            { ...log, first_seen_at: new Date(since).toISOString() },
            'terminating an orphan past its grace period',
          );
          await found.provisioner.terminate(instance.externalId, { signal });
          deps.orphans.forget(name, instance.externalId);
          terminated += 1;
          deps.logger.warn(
            { ...log, first_seen_at: new Date(since).toISOString() },
            'orphan terminated',
          );
          this.#terminated(found, 'orphan');
          continue;
        }
        deps.orphans.forget(name, instance.externalId);
        if (action === 'terminate') {
          await found.provisioner.terminate(instance.externalId, { signal });
          terminated += 1;
          deps.logger.info(log, 'instance of an ended contract terminated');
          this.#terminated(found, 'contract_ended');
        } else if (action === 'stop' && instance.status !== 'stopped') {
          if (!found.provisioner.capabilities.stop || found.provisioner.stop === undefined) {
            deps.logger.warn(log, 'contract suspended but this provisioner cannot stop servers');
            continue;
          }
          await found.provisioner.stop(instance.externalId, { signal });
          stopped += 1;
          deps.logger.info(log, 'instance of a suspended contract stopped');
        }
      } catch (error) {
        if (signal.aborted) break;
        // One server that will not go must not keep the others: the next run tries again.
        deps.logger.warn(
          { ...log, err: error instanceof Error ? error.message : String(error) },
          `reconcile ${action} failed`,
        );
      }
    }
    deps.orphans.retain(
      new Set(inventory.found.map((f) => instanceKey(f.name, f.instance.externalId))),
      inventory.listed,
    );
    await deps.orphans.save();
    const orphans = deps.orphans.list();
    deps.status.update(() => ({
      last_reconcile_at: new Date(now).toISOString(),
      orphans: orphans.map((o) => ({
        ...o,
        terminate_after: new Date(Date.parse(o.first_seen_at) + deps.orphanGraceMs).toISOString(),
      })),
    }));
    deps.logger.info(
      { instances: inventory.found.length, terminated, stopped, orphans: orphans.length },
      'reconciled',
    );
    deps.emit({
      type: 'reconciled',
      instances: inventory.found.length,
      terminated,
      stopped,
      orphans: orphans.length,
    });
  }

  #terminated(found: FoundInstance, why: 'contract_ended' | 'orphan'): void {
    this.deps.emit({
      type: 'instance_terminated',
      provisioner: found.name,
      externalId: found.instance.externalId,
      contractId: contractIdForApi(found.instance),
      why,
    });
  }
}
