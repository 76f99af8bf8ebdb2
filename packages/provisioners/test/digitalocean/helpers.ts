import type { RetryPolicy } from '../../src/http/retry';
import type { Logger } from '../../src/logger';
import type { DigitalOceanConfigInput } from '../../src/providers/digitalocean/config';
import { createDigitalOceanProvisioner } from '../../src/providers/digitalocean/provisioner';
import {
  FakeDigitalOcean,
  type FakeDigitalOceanOptions,
} from '../../src/testing/fakes/digitalocean/fake';
import { testSshPublicKey } from '../../src/testing/fakes/digitalocean/test-key';
import { type ProvisionRequest, ProvisionRequestSchema } from '../../src/types';

/** Everything a logger was given, for assertions on what reaches logs. */
export function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (obj: object, msg?: string) =>
    lines.push(`${level} ${msg ?? ''} ${JSON.stringify(obj)}`);
  return {
    lines,
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
  };
}

let n = 0;
/** A fresh, valid contract id. */
export function newContractId(prefix = 'docontract'): string {
  n += 1;
  return `${prefix}${Date.now().toString(36)}${n}`.padEnd(16, 'x');
}

/** A valid request for the fake DigitalOcean (fra1, 1 vCPU / 1 GiB / 25 GiB). */
export function doRequest(overrides: Partial<ProvisionRequest> = {}): ProvisionRequest {
  return ProvisionRequestSchema.parse({
    contractId: newContractId(),
    offeringId: 'do-basic-1',
    cpuCores: 1,
    memoryMiB: 1024,
    diskGiB: 25,
    image: 'ubuntu-24-04-x64',
    location: 'fra1',
    sshPublicKeys: [testSshPublicKey()],
    script: 'echo provisioned > /root/hello',
    ...overrides,
  });
}

/** A started fake and a provisioner against it with short polls and retries. */
export async function setupDo(
  config: Partial<DigitalOceanConfigInput> = {},
  options: FakeDigitalOceanOptions = {},
  retry: RetryPolicy = { baseDelayMs: 1, maxDelayMs: 20 },
) {
  const fake = new FakeDigitalOcean(options);
  const baseUrl = await fake.start();
  const { logger, lines } = captureLogger();
  const provisioner = createDigitalOceanProvisioner(
    {
      token: fake.token,
      baseUrl,
      pollIntervalMs: 5,
      createTimeoutMs: 5_000,
      ...config,
    } as DigitalOceanConfigInput,
    { logger, retry },
  );
  return { fake, baseUrl, provisioner, lines };
}
