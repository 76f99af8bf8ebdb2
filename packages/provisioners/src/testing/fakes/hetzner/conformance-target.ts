import { contractIdOf } from '../../../providers/hetzner/labels';
import { createHetznerProvisioner } from '../../../providers/hetzner/provisioner';
import type { ConformanceTarget } from '../../conformance';
import type { FakeHetznerCloud } from './fake-hetzner';
import { generateSshPublicKey } from './ssh-keys';

/**
 * The conformance target of the Hetzner provisioner on a started {@link FakeHetznerCloud}.
 * Requests carry one renter SSH key per contract, so key upload, labelling and cleanup are
 * part of what the suite counts (`other` = SSH keys labelled for the contract).
 */
export function hetznerConformanceTarget(fake: FakeHetznerCloud): ConformanceTarget {
  const make = (token: string) =>
    createHetznerProvisioner(
      {
        token,
        baseUrl: fake.baseUrl,
        location: 'fsn1',
        pollIntervalMs: 5,
        actionTimeoutMs: 10_000,
        timeoutMs: 5_000,
      },
      { retry: { retries: 3, baseDelayMs: 5, maxDelayMs: 50 } },
    );
  const keys = new Map<string, string>();
  const keyFor = (contractId: string) => {
    let key = keys.get(contractId);
    if (key === undefined) {
      key = generateSshPublicKey(`renter-${contractId}`);
      keys.set(contractId, key);
    }
    return key;
  };
  let foreign = 0;
  return {
    provisioner: make(fake.token),
    misconfigured: make('not-the-right-token'),
    request: (contractId) => ({
      contractId,
      offeringId: 'hetzner-small',
      cpuCores: 2,
      memoryMiB: 4096,
      diskGiB: 40,
      image: 'ubuntu-24.04',
      location: 'fsn1',
      sshPublicKeys: [keyFor(contractId)],
      config: {},
    }),
    async resourcesFor(contractId) {
      return {
        servers: fake.servers().filter((s) => contractIdOf(s.labels) === contractId).length,
        other: fake.sshKeys().filter((k) => contractIdOf(k.labels) === contractId).length,
      };
    },
    crashAfterNextCreate() {
      fake.faults.crashAfterCreateNext = 1;
    },
    failNextProvisionAfterCreate() {
      fake.faults.failActionNext = 1;
    },
    async stopOutOfBand(externalId) {
      fake.setServerStatus(Number(externalId), 'off');
    },
    async addForeignServer() {
      foreign += 1;
      fake.addServer({ name: `foreign-${foreign}`, labels: { team: 'web' } });
    },
    close: () => fake.close(),
  };
}
