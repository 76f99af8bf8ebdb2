import { randomBytes } from 'node:crypto';
import type { Provisioner } from '@dc/provisioners/core';
import type { CheckLine } from './check';

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** One line per problem `verifySetup` finds (or one ok line), named after the provisioner. */
export async function checkProvisioner(
  name: string,
  provisioner: Provisioner,
  /** Rewrites the provisioner's setting names as the config file writes them. */
  rename: (message: string) => string = (message) => message,
): Promise<CheckLine[]> {
  const check = `provisioner:${name}`;
  try {
    const report = await provisioner.verifySetup();
    const line = (status: 'error' | 'warn', message: string): CheckLine => ({
      check,
      status,
      message: `provisioners.${name}: ${rename(message)}`,
    });
    const lines: CheckLine[] = [
      ...report.errors.map((message) => line('error', message)),
      ...report.warnings.map((message) => line('warn', message)),
    ];
    if (report.errors.length === 0) {
      lines.unshift({ check, status: 'ok', message: `${name} (${provisioner.kind}) is set up` });
    }
    return lines;
  } catch (error) {
    // verifySetup promises not to throw; if one does, it is still one line.
    return [
      { check, status: 'error', message: `provisioners.${name}: ${rename(errorText(error))}` },
    ];
  }
}

/** The synthetic contract id of a test provision: never a real contract's. */
export function doctorContractId(): string {
  return `dc-doctor-${randomBytes(6).toString('hex')}`;
}

/**
 * Provisions the smallest server the provisioner will make for a synthetic contract and
 * terminates it again. Whatever happens, every instance carrying the synthetic contract id is
 * terminated before this returns (a failed or interrupted provision may have left one).
 */
export async function testProvision(
  name: string,
  provisioner: Provisioner,
  contractId: string = doctorContractId(),
): Promise<CheckLine[]> {
  const check = `test-provision:${name}`;
  const lines: CheckLine[] = [];
  let made: string | undefined;
  try {
    const instance = await provisioner.provision({
      contractId,
      offeringId: 'dc-doctor',
      cpuCores: 1,
      memoryMiB: 1024,
      diskGiB: 10,
      image: 'default',
      location: 'default',
      sshPublicKeys: [],
      config: {},
    });
    made = instance.externalId;
    lines.push({
      check,
      status: 'ok',
      message: `${name} made test server ${instance.externalId} for ${contractId}`,
    });
  } catch (error) {
    lines.push({
      check,
      status: 'error',
      message: `${name} could not make a test server: ${errorText(error)}`,
    });
  }
  const leftover = new Set(made === undefined ? [] : [made]);
  try {
    for (const instance of await provisioner.listInstances()) {
      if (instance.contractId === contractId) leftover.add(instance.externalId);
    }
  } catch (error) {
    if (made === undefined) {
      lines.push({
        check,
        status: 'warn',
        message: `${name} could not list servers to check nothing of ${contractId} is left: ${errorText(error)}; look for it in the cloud console`,
      });
    }
  }
  for (const externalId of leftover) {
    try {
      await provisioner.terminate(externalId);
      lines.push({ check, status: 'ok', message: `${name} deleted test server ${externalId}` });
    } catch (error) {
      lines.push({
        check,
        status: 'error',
        message: `${name} could not delete test server ${externalId} (${contractId}): ${errorText(error)}; delete it in the cloud console`,
      });
    }
  }
  return lines;
}
