import type { Logger } from '../../../logger';
import { CONTRACT_LABEL } from '../../../naming';
import { createDockerProvisioner } from '../../../providers/docker/provisioner';
import type { ConformanceTarget } from '../../conformance';
import type { FakeDockerEngine } from './engine';

/** Options of the docker conformance target. */
export interface DockerTargetOptions {
  readonly logger?: Logger;
}

/** A renter key for test requests. */
export const DOCKER_TEST_SSH_KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGZha2Uta2V5LWZvci1kYy10ZXN0cw renter@test';

// Engine calls in tests retry at once instead of after 0.5 s, 1 s, 2 s...
const FAST_RETRY = { retries: 2, baseDelayMs: 1, maxDelayMs: 5 };

/**
 * The conformance target of the docker provisioner against a {@link FakeDockerEngine} (started
 * here if it was not): a provisioner on the fake's socket, a misconfigured one on a socket
 * nothing listens on, and the fake's state and faults for the checks.
 */
export async function dockerConformanceTarget(
  engine: FakeDockerEngine,
  options: DockerTargetOptions = {},
): Promise<ConformanceTarget> {
  let socketPath: string;
  try {
    socketPath = engine.socketPath;
  } catch {
    socketPath = await engine.start();
  }
  const deps = {
    retry: FAST_RETRY,
    pollIntervalMs: 5,
    ...(options.logger ? { logger: options.logger } : {}),
  };
  return {
    provisioner: createDockerProvisioner({ socketPath, publicIpv4: '203.0.113.10' }, deps),
    misconfigured: createDockerProvisioner({ socketPath: engine.missingSocketPath }, deps),
    request: (contractId) => ({
      contractId,
      offeringId: 'docker-small',
      cpuCores: 1,
      memoryMiB: 512,
      diskGiB: 10,
      image: 'ssh',
      location: 'local',
      sshPublicKeys: [DOCKER_TEST_SSH_KEY],
      config: {},
    }),
    resourcesFor: async (contractId) => ({
      servers: engine.containers().filter((c) => c.Labels[CONTRACT_LABEL] === contractId).length,
      // Containers own nothing else: no keys, no named volumes (anonymous ones go with `v=true`).
      other: 0,
    }),
    crashAfterNextCreate: () => {
      engine.server.faults.crashAfterCreateNext++;
    },
    failNextProvisionAfterCreate: () => {
      engine.server.faults.failActionNext++;
    },
    stopOutOfBand: async (externalId) => engine.stopOutOfBand(externalId),
    addForeignServer: async () => {
      engine.addContainer();
    },
    close: () => engine.close(),
  };
}
