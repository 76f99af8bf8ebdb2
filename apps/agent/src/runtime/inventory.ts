import type { ManagedInstance, Provisioner } from '@dc/provisioners/core';
import type { Logger } from 'pino';
import type { ProvisionerSet } from '../config/provisioners';

/** One of our servers, with the provisioner (by config name) that lists it. */
export interface FoundInstance {
  readonly name: string;
  readonly provisioner: Provisioner;
  readonly instance: ManagedInstance;
}

/** Everything the agent's provisioners list as ours. */
export interface Inventory {
  readonly found: readonly FoundInstance[];
  /** Names of the provisioners whose list succeeded: only their absences mean anything. */
  readonly listed: ReadonlySet<string>;
}

/**
 * Lists the servers of every provisioner (each lists only resources carrying our label). A
 * provisioner whose list fails is logged and left out; `listed` says which answered, so an
 * outage at one cloud is never read as "all its servers are gone".
 */
export async function takeInventory(
  provisioners: ProvisionerSet,
  logger: Logger,
  signal: AbortSignal,
): Promise<Inventory> {
  const found: FoundInstance[] = [];
  const listed = new Set<string>();
  for (const [name, provisioner] of provisioners.byName) {
    if (!provisioner.capabilities.list) continue;
    try {
      const instances = await provisioner.listInstances({ signal });
      for (const instance of instances) found.push({ name, provisioner, instance });
      listed.add(name);
    } catch (error) {
      if (signal.aborted) throw error;
      logger.warn(
        { provisioner: name, err: error instanceof Error ? error.message : String(error) },
        'could not list instances',
      );
    }
  }
  return { found, listed };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The contract id from an instance's label as the API takes it: a UUID, else `null` (a label
 * the API could not have made, e.g. a `dc-doctor-...` test server; it is then an orphan).
 */
export function contractIdForApi(instance: ManagedInstance): string | null {
  return UUID.test(instance.contractId) ? instance.contractId : null;
}

/** A stable key for an instance across runs: provisioner name and external id. */
export function instanceKey(name: string, externalId: string): string {
  return `${name}/${externalId}`;
}
