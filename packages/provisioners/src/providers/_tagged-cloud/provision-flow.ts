import { isProvisionerError, ProvisionerError } from '../../errors';
import type { Logger } from '../../logger';
import type { Instance, ProvisionRequest } from '../../types';
import { ensureKeys, type KeyStore, removeContractKeys } from './ssh-keys';

/**
 * What {@link provisionTagged} needs from a cloud whose servers carry tags (DigitalOcean,
 * Vultr). `Server` is the cloud's server JSON, `Spec` the validated create parameters, `Created`
 * the answer to the create call (DigitalOcean's action link, Vultr's one-time root password).
 */
export interface TaggedCloud<Server, Spec, Created> {
  readonly keys: KeyStore;
  /** Servers tagged for exactly this contract (managed tag and full contract id checked). */
  findByContract(contractId: string, signal?: AbortSignal): Promise<Server[]>;
  /** Resolves and checks region, size and image; throws before anything is created. */
  prepare(request: ProvisionRequest, signal?: AbortSignal): Promise<Spec>;
  create(spec: Spec, sshKeyIds: readonly string[], signal?: AbortSignal): Promise<Created>;
  /** Waits for a server this call created; throws when the cloud failed to build it. */
  waitCreated(created: Created, signal?: AbortSignal): Promise<Server>;
  /** Waits for a server found by tag (made by an earlier, interrupted call). */
  waitAdopted(server: Server, signal?: AbortSignal): Promise<Server>;
  destroy(created: Created, signal?: AbortSignal): Promise<void>;
  describe(server: Server, created?: Created): Instance;
}

// A create whose answer was lost (connection dropped, timeout, 5xx) may have happened. The
// server is then left for the next provision of the contract to adopt, not deleted blindly.
function outcomeUnknown(error: unknown): boolean {
  return (
    !isProvisionerError(error) ||
    ['network_error', 'timeout', 'upstream_error', 'aborted'].includes(error.code)
  );
}

function asProvisionerError(error: unknown): ProvisionerError {
  return isProvisionerError(error)
    ? error
    : new ProvisionerError('upstream_error', `provision failed: ${String(error)}`, {
        cause: error,
      });
}

/**
 * Provisions one contract idempotently: adopt the server tagged with the contract id if there is
 * one, else store the SSH keys, create, and wait. Account SSH keys are only read at creation, so
 * the ones made for the contract are removed as soon as the server exists. A provision that
 * fails after creating something deletes the server and keys before rethrowing; an abort leaves
 * them for the next attempt to adopt.
 */
export async function provisionTagged<Server, Spec, Created>(
  cloud: TaggedCloud<Server, Spec, Created>,
  request: ProvisionRequest,
  logger: Logger,
  signal?: AbortSignal,
): Promise<Instance> {
  const { contractId } = request;
  const [found, ...duplicates] = await cloud.findByContract(contractId, signal);
  if (found !== undefined) {
    if (duplicates.length > 0) {
      logger.error(
        { contractId, count: duplicates.length + 1 },
        'several servers carry this contract tag; adopting the first',
      );
    }
    logger.info({ contractId }, 'adopting the server already tagged for this contract');
    const ready = await cloud.waitAdopted(found, signal);
    await removeContractKeys(cloud.keys, contractId, logger, signal);
    return cloud.describe(ready);
  }

  const spec = await cloud.prepare(request, signal);
  let created: Created | undefined;
  for (let attempt = 0; created === undefined; attempt++) {
    const keys = await ensureKeys(cloud.keys, contractId, request.sshPublicKeys, signal);
    try {
      created = await cloud.create(spec, keys.ids, signal);
    } catch (error) {
      if (outcomeUnknown(error)) {
        logger.warn(
          { contractId, error: String(error) },
          'create answer lost; the next provision adopts the server if it was made',
        );
        throw asProvisionerError(error);
      }
      await removeContractKeys(cloud.keys, contractId, logger, signal);
      // A borrowed key (another contract's copy of the same public key) may have been removed
      // between our lookup and the create: look the keys up once more.
      const retry =
        attempt === 0 &&
        keys.borrowed.length > 0 &&
        isProvisionerError(error) &&
        error.code === 'invalid_request';
      if (!retry) throw error;
    }
  }

  try {
    const ready = await cloud.waitCreated(created, signal);
    await removeContractKeys(cloud.keys, contractId, logger, signal);
    return cloud.describe(ready, created);
  } catch (error) {
    if (isProvisionerError(error) && error.code === 'aborted') throw error;
    logger.warn(
      { contractId, error: String(error) },
      'provision failed after create; deleting what was made',
    );
    try {
      await cloud.destroy(created);
    } catch (cleanupError) {
      logger.error(
        { contractId, error: String(cleanupError) },
        'could not delete the failed server; listInstances will show it',
      );
    }
    await removeContractKeys(cloud.keys, contractId, logger);
    throw asProvisionerError(error);
  }
}
