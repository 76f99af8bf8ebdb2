import type { RetryPolicy } from '../../src/http/retry';
import type { VultrConfigInput } from '../../src/providers/vultr/config';
import { createVultrProvisioner } from '../../src/providers/vultr/provisioner';
import { testSshPublicKey } from '../../src/testing/fakes/digitalocean/test-key';
import { FakeVultr, type FakeVultrOptions } from '../../src/testing/fakes/vultr/fake';
import { type ProvisionRequest, ProvisionRequestSchema } from '../../src/types';
import { captureLogger, newContractId } from '../digitalocean/helpers';

/** A valid request for the fake Vultr (fra, 1 vCPU / 1 GiB / 25 GiB, Ubuntu 24.04 by os id). */
export function vultrRequest(overrides: Partial<ProvisionRequest> = {}): ProvisionRequest {
  return ProvisionRequestSchema.parse({
    contractId: newContractId('vucontract'),
    offeringId: 'vultr-vc2-1',
    cpuCores: 1,
    memoryMiB: 1024,
    diskGiB: 25,
    image: '2284',
    location: 'fra',
    sshPublicKeys: [testSshPublicKey()],
    script: 'echo provisioned > /root/hello',
    ...overrides,
  });
}

/** A started fake and a provisioner against it with short polls and retries. */
export async function setupVultr(
  config: Partial<VultrConfigInput> = {},
  options: FakeVultrOptions = {},
  retry: RetryPolicy = { baseDelayMs: 1, maxDelayMs: 20 },
) {
  const fake = new FakeVultr(options);
  const baseUrl = await fake.start();
  const { logger, lines } = captureLogger();
  const provisioner = createVultrProvisioner(
    {
      apiKey: fake.apiKey,
      baseUrl,
      pollIntervalMs: 5,
      createTimeoutMs: 5_000,
      ...config,
    } as VultrConfigInput,
    { logger, retry },
  );
  return { fake, baseUrl, provisioner, lines };
}
