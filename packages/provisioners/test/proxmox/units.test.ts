import { describe, expect, it } from 'vitest';
import { ProxmoxConfigSchema } from '../../src/providers/proxmox/config';
import {
  addressesOf,
  contractIdOf,
  encodeSshKeys,
  parseExternalId,
  parseSize,
  vmDescription,
  vmName,
  withBridge,
} from '../../src/providers/proxmox/convert';
import { classifyProxmoxError } from '../../src/providers/proxmox/errors';
import { TEST_ONLY_PROXMOX_CERT_FINGERPRINT } from '../../src/testing/fakes/proxmox/index';
import { KEY_A, KEY_B } from './helpers';

const base = {
  baseUrl: 'https://pve.example:8006',
  tokenId: 'dc@pve!agent',
  tokenSecret: 'uuid',
  node: 'pve',
  templateVmId: 9000,
};
const issues = (input: unknown) =>
  ProxmoxConfigSchema.safeParse(input).error?.issues.map(
    (i) => `${i.path.join('.')}: ${i.message}`,
  ) ?? [];

describe('ProxmoxConfigSchema', () => {
  it('accepts https with exactly one trust setting', () => {
    expect(
      issues({ ...base, tls: { fingerprintSha256: TEST_ONLY_PROXMOX_CERT_FINGERPRINT } }),
    ).toEqual([]);
    expect(issues({ ...base, tls: { caCertificate: '/etc/dc/pve-root-ca.pem' } })).toEqual([]);
  });

  it('requires exactly one trust setting for https, and says so', () => {
    const message =
      'tls: an https baseUrl needs exactly one of tls.caCertificate (PEM or file path) and tls.fingerprintSha256 ("AA:BB:..."); certificate verification cannot be turned off';
    expect(issues(base)).toEqual([message]);
    expect(
      issues({
        ...base,
        tls: { caCertificate: 'x', fingerprintSha256: TEST_ONLY_PROXMOX_CERT_FINGERPRINT },
      }),
    ).toEqual([message]);
  });

  it('requires exactly one of tokenSecret and tokenSecretFile', () => {
    const tls = { fingerprintSha256: TEST_ONLY_PROXMOX_CERT_FINGERPRINT };
    const { tokenSecret: _, ...noSecret } = base;
    expect(issues({ ...noSecret, tls })).toEqual([
      'tokenSecret: set exactly one of tokenSecret and tokenSecretFile',
    ]);
    expect(issues({ ...base, tokenSecretFile: '/run/secret', tls })).toEqual([
      'tokenSecret: set exactly one of tokenSecret and tokenSecretFile',
    ]);
  });

  it('names the field and the expected form of bad values, and rejects unknown keys', () => {
    const result = issues({
      ...base,
      tokenId: 'root@pam',
      templateVmId: 42,
      bridge: 'vmbr 0',
      colour: 'red',
      tls: { fingerprintSha256: 'AA:BB' },
    });
    expect(result).toEqual(
      expect.arrayContaining([
        'tokenId: expected "user@realm!tokenname", e.g. "dc@pve!agent"',
        'templateVmId: Too small: expected number to be >=100',
        'bridge: expected a bridge interface name such as "vmbr0"',
        'tls.fingerprintSha256: expected a SHA-256 fingerprint: 32 hex bytes such as "AA:BB:...:FF" (64 hex digits)',
        expect.stringMatching(/^: Unrecognized key: "colour"/),
      ]),
    );
  });

  it('allows plain http without tls settings only', () => {
    expect(issues({ ...base, baseUrl: 'http://10.0.0.2:8006' })).toEqual([]);
    expect(
      issues({ ...base, baseUrl: 'http://10.0.0.2:8006', tls: { caCertificate: 'x' } }),
    ).toEqual(['tls: tls settings need an https:// baseUrl']);
    expect(issues({ ...base, baseUrl: 'ftp://x' })).toEqual([
      'baseUrl: expected an https:// address, got "ftp://x"',
    ]);
  });
});

describe('proxmox conversions', () => {
  it('encodes sshkeys with %20 and only Proxmox urlencoded characters', () => {
    const encoded = encodeSshKeys([KEY_A, KEY_B]);
    expect(encoded).toMatch(/^[-%a-zA-Z0-9_.!~*'()]*$/);
    expect(encoded).toContain('ssh-ed25519%20AAAA');
    expect(encoded).toContain('%2B%2Fx%3D'); // "+/x=" of the RSA key, never a bare "+"
    expect(decodeURIComponent(encoded)).toBe(`${KEY_A}\n${KEY_B}\n`);
  });

  it('names VMs as DNS names and records the full contract id', () => {
    expect(vmName('abcdefghijk_lmnop')).toBe('dc-abcdefghijk');
    const description = vmDescription('Contract_ID-0123456789');
    expect(contractIdOf(description)).toBe('Contract_ID-0123456789');
    expect(contractIdOf('dc-contract=Contract_ID-0123456789-plus-more')).toBe(
      'Contract_ID-0123456789-plus-more',
    );
    expect(contractIdOf('see dc-contract=abcdefgh1 inline')).toBeNull();
    expect(contractIdOf(undefined)).toBeNull();
  });

  it('parses sizes, external ids and interfaces', () => {
    expect(parseSize('3584M')).toBe(3584 * 1024 ** 2);
    expect(parseSize('20G')).toBe(20 * 1024 ** 3);
    expect(parseSize('1.5T')).toBe(1.5 * 1024 ** 4);
    expect(parseSize('big')).toBeNull();
    expect(parseExternalId('pve-2/101')).toEqual({ node: 'pve-2', vmid: 101 });
    expect(() => parseExternalId('101')).toThrow(
      'externalId "101" is not a Proxmox VM reference; expected "<node>/<vmid>" such as "pve/101"',
    );
    expect(
      addressesOf({
        result: [
          {
            name: 'lo',
            'ip-addresses': [{ 'ip-address': '127.0.0.1', 'ip-address-type': 'ipv4', prefix: 8 }],
          },
          {
            name: 'ens18',
            'ip-addresses': [
              { 'ip-address': '169.254.3.4', 'ip-address-type': 'ipv4', prefix: 16 },
              { 'ip-address': 'fe80::1', 'ip-address-type': 'ipv6', prefix: 64 },
              { 'ip-address': '192.0.2.7', 'ip-address-type': 'ipv4', prefix: 24 },
              { 'ip-address': '2001:db8::7', 'ip-address-type': 'ipv6', prefix: 64 },
            ],
          },
        ],
      }),
    ).toEqual({ ipv4: '192.0.2.7', ipv6: '2001:db8::7' });
  });

  it('changes only the bridge of net0, keeping model and MAC', () => {
    expect(withBridge('virtio=BC:24:11:00:00:01,bridge=vmbr0,firewall=1', 'vmbr1')).toBe(
      'virtio=BC:24:11:00:00:01,bridge=vmbr1,firewall=1',
    );
    expect(withBridge(undefined, 'vmbr1')).toBe('virtio,bridge=vmbr1');
  });
});

describe('classifyProxmoxError', () => {
  const body = (message: string, errors?: Record<string, string>) => ({
    data: null,
    message: `${message}\n`,
    ...(errors ? { errors } : {}),
  });
  it.each([
    [401, body('invalid token value!'), 'auth_failed', 'token_rejected'],
    [
      403,
      body('Permission check failed (/vms/101, VM.Allocate)'),
      'auth_failed',
      'permission_denied',
    ],
    [
      400,
      body('Parameter verification failed.', { newid: 'value must have a minimum value of 100' }),
      'invalid_request',
      'parameter_error',
    ],
    [
      500,
      body("Configuration file 'nodes/pve/qemu-server/101.conf' does not exist"),
      'not_found',
      'does_not_exist',
    ],
    [500, body("VM 101 already exists on node 'pve'"), 'conflict', 'already_exists'],
    [500, body('QEMU guest agent is not running'), 'upstream_error', 'agent_not_running'],
    [500, body("storage 'fast' does not exist"), 'invalid_config', 'unknown_storage'],
    [500, body('VM is locked (clone)'), 'conflict', 'locked'],
    [595, body('No route to host'), 'upstream_error', 'node_unreachable'],
    [596, null, 'upstream_error', 'node_unreachable'],
  ])('%i %j -> %s', (status, answer, code, upstreamCode) => {
    expect(classifyProxmoxError(status, answer)).toMatchObject({ code, upstreamCode });
  });

  it('puts the per-field errors into the message', () => {
    expect(
      classifyProxmoxError(
        400,
        body('Parameter verification failed.', { newid: 'value must have a minimum value of 100' }),
      ).message,
    ).toBe('Parameter verification failed. newid: value must have a minimum value of 100');
  });
});
