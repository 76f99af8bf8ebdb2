import { afterEach } from 'vitest';
import type { Logger } from '../../src/logger';
import type { HetznerConfigInput, HetznerProvisionerOptions } from '../../src/providers/hetzner';
import { createHetznerProvisioner } from '../../src/providers/hetzner';
import type { Provisioner } from '../../src/provisioner';
import { FakeHetznerCloud, type FakeHetznerOptions } from '../../src/testing/fakes/hetzner';
import type { ProvisionRequest } from '../../src/types';

const open: FakeHetznerCloud[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()));
});

/** A started fake, closed after the test. */
export async function startFake(options: FakeHetznerOptions = {}): Promise<FakeHetznerCloud> {
  const fake = new FakeHetznerCloud({ actionDelayMs: 5, ...options });
  open.push(fake);
  await fake.start();
  return fake;
}

/** Fast retries for tests. */
export const FAST_RETRY = { retries: 3, baseDelayMs: 2, maxDelayMs: 20 } as const;

/** A provisioner on the fake with short polling. */
export function provisionerFor(
  fake: FakeHetznerCloud,
  config: Partial<HetznerConfigInput> = {},
  options: HetznerProvisionerOptions = {},
): Provisioner {
  return createHetznerProvisioner(
    {
      token: fake.token,
      baseUrl: fake.baseUrl,
      pollIntervalMs: 2,
      actionTimeoutMs: 5_000,
      timeoutMs: 5_000,
      ...config,
    },
    { retry: FAST_RETRY, ...options },
  );
}

let counter = 0;
/** A fresh contract id. */
export function newContractId(prefix = 'ctr'): string {
  counter += 1;
  // The counter comes first so that the 12-character server name prefix differs too.
  return `${prefix}${counter.toString(36).padStart(4, '0')}${Date.now().toString(36)}abcdef`;
}

/** A request the fake accepts. */
export function requestFor(
  contractId: string,
  overrides: Partial<ProvisionRequest> = {},
): ProvisionRequest {
  return {
    contractId,
    offeringId: 'small',
    cpuCores: 2,
    memoryMiB: 4096,
    diskGiB: 40,
    image: 'ubuntu-24.04',
    location: 'fsn1',
    sshPublicKeys: [],
    config: {},
    ...overrides,
  };
}

/** The rejection of a promise (fails the test when it resolves). */
export async function rejectionOf(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; retryable: boolean; upstreamCode?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string; retryable: boolean; upstreamCode?: string };
  }
  throw new Error('expected a rejection');
}

/** A logger that keeps every entry, serialised. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const write = (level: string) => (obj: object, msg?: string) => {
    lines.push(JSON.stringify({ level, msg, ...obj }));
  };
  return {
    lines,
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
  };
}
