import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProvisionerError } from '../../src/errors';
import { createProxmoxProvisioner } from '../../src/providers/proxmox/index';
import type { FakeProxmox } from '../../src/testing/fakes/proxmox/index';
import {
  TEST_ONLY_PROXMOX_CERT_FINGERPRINT,
  TEST_ONLY_PROXMOX_CERT_PEM,
  TEST_ONLY_PROXMOX_KEY_PEM,
} from '../../src/testing/fakes/proxmox/index';
import { captureLogger, fastRetry, setup } from './helpers';

const fixtures = join(import.meta.dirname, 'fixtures');
const WRONG_FINGERPRINT = Array.from({ length: 32 }, () => 'AB').join(':');

let fake: FakeProxmox | undefined;
afterEach(() => fake?.close());

describe('proxmox TLS verification', () => {
  it('keeps the embedded test certificate equal to the committed fixture files', () => {
    expect(readFileSync(join(fixtures, 'test-only-proxmox-cert.pem'), 'utf8')).toBe(
      TEST_ONLY_PROXMOX_CERT_PEM,
    );
    expect(readFileSync(join(fixtures, 'test-only-proxmox-key.pem'), 'utf8')).toBe(
      TEST_ONLY_PROXMOX_KEY_PEM,
    );
  });

  it('connects when the CA is given as PEM text', async () => {
    ({ fake } = await setup());
    const p = createProxmoxProvisioner(fake.providerConfig('ca'), { retry: fastRetry });
    expect(await p.verifySetup()).toEqual({ ok: true, errors: [], warnings: [] });
  });

  it('connects when the CA is given as a file path', async () => {
    const s = await setup({
      config: { tls: { caCertificate: join(fixtures, 'test-only-proxmox-cert.pem') } },
    });
    fake = s.fake;
    expect((await s.provisioner.verifySetup()).errors).toEqual([]);
  });

  it('connects with a pinned fingerprint in any case and with or without colons', async () => {
    const s = await setup({
      config: {
        tls: {
          fingerprintSha256: TEST_ONLY_PROXMOX_CERT_FINGERPRINT.replace(/:/g, '').toLowerCase(),
        },
      },
    });
    fake = s.fake;
    expect((await s.provisioner.verifySetup()).errors).toEqual([]);
  });

  it('refuses a server whose fingerprint differs, naming both, before sending the token', async () => {
    const s = await setup({ config: { tls: { fingerprintSha256: WRONG_FINGERPRINT } } });
    fake = s.fake;
    const report = await s.provisioner.verifySetup();
    expect(report.ok).toBe(false);
    expect(report.errors[0]).toContain(`tls.fingerprintSha256 is ${WRONG_FINGERPRINT}`);
    expect(report.errors[0]).toContain(
      `the server presented ${TEST_ONLY_PROXMOX_CERT_FINGERPRINT}`,
    );
    await expect(s.provisioner.health('pve/100')).rejects.toMatchObject({
      code: 'invalid_config',
      retryable: false,
      upstreamCode: 'tls_verification_failed',
    });
    // Not one request reached the API: the token never left the process.
    expect(fake.log).toEqual([]);
    expect(s.logger.lines.join('\n')).not.toContain(fake.tokenSecret);
  });

  it('reports a refused certificate to the caller as a typed error, thrown once, never retried', async () => {
    const s = await setup({ config: { tls: { fingerprintSha256: WRONG_FINGERPRINT } } });
    fake = s.fake;
    const { port } = new URL(fake.url);
    const error = await s.provisioner.health('pve/100').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProvisionerError);
    expect(error).toMatchObject({
      code: 'invalid_config',
      retryable: false,
      upstreamCode: 'tls_verification_failed',
      message: `TLS fingerprint mismatch for 127.0.0.1:${port}: tls.fingerprintSha256 is ${WRONG_FINGERPRINT} but the server presented ${TEST_ONLY_PROXMOX_CERT_FINGERPRINT}; check the fingerprint with "pvenode cert info" on the node`,
    });
    // The shared client passed the error on as the TLS layer threw it: one attempt, no retry.
    expect(s.logger.lines.filter((l) => l.includes('"request failed"'))).toHaveLength(1);
    expect(fake.log).toEqual([]);
  });

  it('refuses a server not signed by the configured CA, without retrying', async () => {
    const s = await setup({
      config: { tls: { caCertificate: join(fixtures, 'test-only-unrelated-ca.pem') } },
    });
    fake = s.fake;
    const error = await s.provisioner
      .provision(
        // any request: the first call fails on TLS
        {
          contractId: 'tlsfail0001',
          offeringId: 'o',
          cpuCores: 1,
          memoryMiB: 512,
          diskGiB: 5,
          image: 'x',
          location: 'pve',
          sshPublicKeys: [],
          config: {},
        },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProvisionerError);
    expect(error).toMatchObject({
      code: 'invalid_config',
      retryable: false,
      upstreamCode: 'tls_verification_failed',
      message:
        'TLS verification failed (DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate): the server certificate is not signed by tls.caCertificate or does not name this host; use the cluster CA (/etc/pve/pve-root-ca.pem) or pin the certificate with tls.fingerprintSha256',
    });
    expect(s.logger.lines.filter((l) => l.includes('"request failed"'))).toHaveLength(1);
    expect(fake.log).toEqual([]);
  });

  it('refuses a CA setting that is neither PEM nor a readable file', async () => {
    const s = await setup({ config: { tls: { caCertificate: '/nonexistent/ca.pem' } } });
    fake = s.fake;
    expect((await s.provisioner.verifySetup()).errors).toEqual([
      'tls.caCertificate "/nonexistent/ca.pem" is neither PEM text nor a readable file (ENOENT)',
    ]);
  });

  it('has no way to turn verification off', async () => {
    const logger = captureLogger();
    const p = createProxmoxProvisioner(
      {
        baseUrl: 'https://pve.example:8006',
        tokenId: 'dc@pve!agent',
        tokenSecret: 's',
        node: 'pve',
        templateVmId: 9000,
        tls: { insecure: true } as never,
      },
      { logger },
    );
    const report = await p.verifySetup();
    expect(report.ok).toBe(false);
    expect(report.errors.join('\n')).toMatch(/tls: Unrecognized key: "insecure"|tls.*insecure/);
  });
});
