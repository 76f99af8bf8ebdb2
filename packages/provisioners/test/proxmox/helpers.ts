import { type Logger, type ProvisionRequest, ProvisionRequestSchema } from '../../src/index';
import {
  createProxmoxProvisioner,
  type ProxmoxConfigInput,
  type ProxmoxProvisionerOptions,
} from '../../src/providers/proxmox/index';
import { createVerifyingFetch } from '../../src/providers/proxmox/tls';
import { FakeProxmox } from '../../src/testing/fakes/proxmox/index';

/** Retries without waiting, so fault tests stay fast. */
export const fastRetry = { sleep: async () => {}, random: () => 0 };

export const KEY_A =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBkC2Jr0v7m8qE3fCqW3tTgq5Bz1yqf1o2w3N4m5K6hL alice@laptop';
export const KEY_B = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7+/x= bob@desk';

/** A logger that keeps every line (object + message) as JSON, for redaction checks. */
export function captureLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (obj: object, msg?: string) =>
    void lines.push(JSON.stringify({ level, msg, ...obj }));
  return {
    lines,
    debug: push('debug'),
    info: push('info'),
    warn: push('warn'),
    error: push('error'),
  };
}

let sequence = 0;
/** A fresh contract id. */
export function contractId(prefix = 'ctr'): string {
  sequence += 1;
  return `${prefix}${Date.now().toString(36)}${sequence.toString(36).padStart(4, '0')}abcdefgh`.slice(
    0,
    28,
  );
}

/** A valid request for the fake. */
export function request(id: string, overrides: Partial<ProvisionRequest> = {}): ProvisionRequest {
  return ProvisionRequestSchema.parse({
    contractId: id,
    offeringId: 'proxmox-small',
    cpuCores: 2,
    memoryMiB: 2048,
    diskGiB: 20,
    image: 'ubuntu-24.04',
    location: 'pve',
    sshPublicKeys: [KEY_A],
    ...overrides,
  });
}

/** A started fake plus a provisioner against it. */
export async function setup(
  options: {
    fake?: ConstructorParameters<typeof FakeProxmox>[0];
    config?: Partial<ProxmoxConfigInput>;
    provisioner?: ProxmoxProvisionerOptions;
  } = {},
) {
  const fake = new FakeProxmox(options.fake);
  await fake.start();
  const logger = captureLogger();
  const config = { ...fake.providerConfig(), ...options.config } as ProxmoxConfigInput;
  const provisioner = createProxmoxProvisioner(config, {
    logger,
    pollIntervalMs: 5,
    retry: fastRetry,
    ...options.provisioner,
  });
  return { fake, provisioner, logger, config };
}

/** Raw calls to the fake over its pinned TLS: status and parsed body. */
export function rawApi(
  fake: FakeProxmox,
  authorization = `PVEAPIToken=${fake.tokenId}=${fake.tokenSecret}`,
) {
  const fetchImpl = createVerifyingFetch({
    kind: 'fingerprint',
    fingerprint: fake.certificateFingerprint,
  });
  return async (
    method: string,
    path: string,
    body?: { form?: Record<string, string>; json?: unknown },
  ) => {
    const headers: Record<string, string> = { authorization };
    let payload: string | undefined;
    if (body?.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      payload = new URLSearchParams(body.form).toString();
    } else if (body?.json !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body.json);
    }
    const response = await fetchImpl(`${fake.url}/api2/json${path}`, {
      method,
      headers,
      ...(payload !== undefined ? { body: payload } : {}),
    });
    const text = await response.text();
    return {
      status: response.status,
      body:
        text === ''
          ? null
          : (JSON.parse(text) as {
              // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the fake answers
              data: any;
              message?: string;
              errors?: Record<string, string>;
              total?: number;
            }),
    };
  };
}
