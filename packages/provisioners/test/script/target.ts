import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createScriptProvisioner } from '../../src/providers/script';
import type { ConformanceTarget } from '../../src/testing/conformance';

/** The example provider script shipped with the package. */
export const EXAMPLE_SCRIPT = fileURLToPath(
  new URL('../../examples/provider-script/provision.mjs', import.meta.url),
);

interface ExampleServer {
  external_id: string;
  contract_id: string | null;
  status: string;
  ip_address: string;
  ssh_port: number;
  started_at: string;
}
interface ExampleState {
  servers: ExampleServer[];
  faults: Record<string, number>;
}

/**
 * The conformance target of the script provisioner through the example script: its state file
 * is the "cloud" the checks look at, and its `faults` make it crash or fail after a create.
 */
export async function exampleScriptTarget(): Promise<ConformanceTarget & { statePath: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'dc-script-'));
  const statePath = join(dir, 'state.json');
  // Synchronous, so a fault is in the file before the next provision starts the script.
  const load = (): ExampleState => {
    try {
      return JSON.parse(readFileSync(statePath, 'utf8')) as ExampleState;
    } catch {
      return { servers: [], faults: {} };
    }
  };
  const update = async (change: (s: ExampleState) => void) => {
    const state = load();
    change(state);
    writeFileSync(statePath, JSON.stringify(state));
  };
  const command = [process.execPath, EXAMPLE_SCRIPT];
  return {
    statePath,
    provisioner: createScriptProvisioner({
      command,
      env: { DC_EXAMPLE_STATE_FILE: statePath },
      timeoutMs: 15_000,
    }),
    misconfigured: createScriptProvisioner({ command: [join(dir, 'no-such-script.sh')] }),
    request: (contractId) => ({
      contractId,
      offeringId: 'example-small',
      cpuCores: 1,
      memoryMiB: 1024,
      diskGiB: 10,
      image: 'ubuntu-24.04',
      location: 'local',
      sshPublicKeys: [
        'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGZha2Uta2V5LWZvci1kYy10ZXN0cw renter@test',
      ],
      config: { plan: 'small' },
    }),
    resourcesFor: async (contractId) => ({
      servers: load().servers.filter((s) => s.contract_id === contractId).length,
      other: 0,
    }),
    crashAfterNextCreate: () => {
      void update((s) => {
        s.faults['crash_after_create'] = (s.faults['crash_after_create'] ?? 0) + 1;
      });
    },
    failNextProvisionAfterCreate: () => {
      void update((s) => {
        s.faults['fail_after_create'] = (s.faults['fail_after_create'] ?? 0) + 1;
      });
    },
    stopOutOfBand: (externalId) =>
      update((s) => {
        for (const server of s.servers)
          if (server.external_id === externalId) server.status = 'stopped';
      }),
    addForeignServer: () =>
      update((s) => {
        s.servers.push({
          external_id: `srv-foreign${s.servers.length}`,
          contract_id: null,
          status: 'running',
          ip_address: '192.0.2.250',
          ssh_port: 22,
          started_at: new Date().toISOString(),
        });
      }),
    close: () => rm(dir, { recursive: true, force: true }),
  };
}
