import { describe, expect, it } from 'vitest';
import type { HServerType } from '../../src/providers/hetzner';
import { classifyHetznerError, sshKeyMd5Fingerprint } from '../../src/providers/hetzner';
import { chooseServerType } from '../../src/providers/hetzner/catalog';
import { HETZNER_LABEL_VALUE } from '../../src/providers/hetzner/config';
import { instanceStatus, ipv6Address, toHealth } from '../../src/providers/hetzner/convert';
import { contractIdOf, contractLabels, contractSelector } from '../../src/providers/hetzner/labels';

describe('sshKeyMd5Fingerprint', () => {
  // Vectors from `ssh-keygen -l -E md5`.
  it('matches ssh-keygen for ed25519 and RSA keys', () => {
    expect(
      sshKeyMd5Fingerprint(
        'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICE1JIC0z2FPls+Q48GKMitK+IScFtdel3KI5m9qMHMc test',
      ),
    ).toBe('fe:1c:45:9b:4b:1a:0e:aa:c8:2f:c6:15:c2:f5:63:2e');
    const rsa =
      'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDBu9gZnvEwjNPD9M9HC6xiuNeYNa/k+myffIcMHTHIWztOzKTZdal7F+DZ2g7TAaLc5YjJ9kA1u/CxNI+JuV6rvVLjCsu3hx83s849cVl8LG5M4gZ9xZZOj0FDPJpimMkZOp0pMYu8i0IB2bglOWawuIWHrufV5efSFYlLuP2UjZaFKxMSLn35xCAmSAGt71wxMr5M76bZ1e7YMxF1TChUE6+Jsboprebl6E5f9ijto72kEMdpRoUseV9Pg3s5riKyVrT5XI3GjHwGVavHqqlUk7wDUKh5Pf9mMpFRVvFhhUhocTsLpmQMWf7ZWEQxlfzi2OhjbmBsBNm72qxGjmOd rsa@test';
    expect(sshKeyMd5Fingerprint(rsa)).toBe('22:5f:b6:cb:4e:91:39:e4:e3:85:05:4f:c2:bb:6f:82');
    // The comment does not count.
    expect(sshKeyMd5Fingerprint(rsa.replace('rsa@test', 'someone else'))).toBe(
      '22:5f:b6:cb:4e:91:39:e4:e3:85:05:4f:c2:bb:6f:82',
    );
  });

  it('refuses lines that are not keys', () => {
    expect(sshKeyMd5Fingerprint('ssh-ed25519 AAAA')).toBeNull();
    expect(
      sshKeyMd5Fingerprint(
        'ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAICE1JIC0z2FPls+Q48GKMitK+IScFtdel3KI5m9qMHMc',
      ),
    ).toBeNull();
    expect(sshKeyMd5Fingerprint('not a key')).toBeNull();
  });
});

describe('contract labels', () => {
  it('stores an id that fits as is', () => {
    expect(contractLabels('abc123')).toEqual({ 'dc-contract': 'abc123' });
    expect(contractSelector('abc123')).toBe('dc-contract=abc123,dc-managed=true');
  });

  it.each(['a'.repeat(64), 'ff'.repeat(64), '-leading', 'trailing_', `_${'x'.repeat(126)}-`])(
    'round-trips %s in valid label values',
    (id) => {
      const labels = contractLabels(id);
      for (const value of Object.values(labels)) expect(value).toMatch(HETZNER_LABEL_VALUE);
      expect(labels['dc-contract']).toBeUndefined();
      expect(contractIdOf(labels)).toBe(id);
    },
  );

  it('reads nothing from labels without a contract', () => {
    expect(contractIdOf({ team: 'x' })).toBeNull();
    expect(contractIdOf({ 'dc-contract-0': 'broken' })).toBeNull();
  });
});

describe('classifyHetznerError', () => {
  it.each([
    ['unauthorized', 401, 'auth_failed'],
    ['forbidden', 403, 'auth_failed'],
    ['rate_limit_exceeded', 429, 'rate_limited'],
    ['resource_limit_exceeded', 403, 'quota_exceeded'],
    ['resource_unavailable', 412, 'capacity_unavailable'],
    ['placement_error', 412, 'capacity_unavailable'],
    ['uniqueness_error', 409, 'conflict'],
    ['conflict', 409, 'conflict'],
    ['locked', 423, 'conflict'],
    ['invalid_input', 400, 'invalid_request'],
    ['not_found', 404, 'not_found'],
    ['server_error', 500, 'upstream_error'],
    ['unavailable', 503, 'upstream_error'],
    ['timeout', 504, 'timeout'],
    ['something_new', 503, 'upstream_error'],
  ])('%s (%i) -> %s', (code, status, expected) => {
    expect(classifyHetznerError(status, { error: { code, message: 'm' } })).toMatchObject({
      code: expected,
      upstreamCode: code,
    });
  });

  it('names the refused fields', () => {
    const body = {
      error: {
        code: 'invalid_input',
        message: 'invalid input',
        details: { fields: [{ name: 'name', messages: ['bad hostname'] }] },
      },
    };
    expect(classifyHetznerError(400, body)?.message).toBe(
      'invalid_input: invalid input [fields: name (bad hostname)]',
    );
  });

  it('leaves bodies that are not Hetzner errors to the status mapping', () => {
    expect(classifyHetznerError(502, '<html>bad gateway</html>')).toBeUndefined();
  });
});

describe('status, address and health conversion', () => {
  it('maps server states', () => {
    expect(
      ['initializing', 'starting', 'running', 'off', 'stopping', 'migrating', 'deleting'].map(
        instanceStatus,
      ),
    ).toEqual(['creating', 'creating', 'running', 'stopped', 'stopped', 'unknown', 'unknown']);
  });

  it('derives ::1 of the IPv6 network', () => {
    expect(ipv6Address('2001:db8:1:2::/64')).toBe('2001:db8:1:2::1');
    expect(ipv6Address(null)).toBeNull();
  });

  it('computes uptime from creation', () => {
    const server = {
      id: 1,
      name: 'x',
      status: 'running',
      created: '2025-01-01T00:00:00Z',
      labels: {},
      ipv4: null,
      ipv6Network: null,
    };
    expect(toHealth(server, Date.parse('2025-01-01T01:00:00Z'))).toEqual({
      state: 'healthy',
      uptimeSeconds: 3600,
    });
    expect(toHealth({ ...server, status: 'rebuilding' }).state).toBe('unknown');
  });
});

describe('chooseServerType', () => {
  const t = (
    name: string,
    architecture: 'x86' | 'arm',
    cores: number,
    memoryGb: number,
    diskGb: number,
    price: number,
    deprecated = false,
  ): HServerType => ({
    id: name.length,
    name,
    cores,
    memoryGb,
    diskGb,
    architecture,
    deprecated,
    monthlyNetByLocation: new Map([['fsn1', price]]),
  });
  const types = [
    t('old', 'x86', 4, 8, 80, 1, true),
    t('b', 'x86', 4, 8, 80, 9),
    t('a', 'x86', 8, 16, 160, 8),
    t('c', 'arm', 4, 8, 80, 2),
  ];

  it('picks the cheapest fitting, non-deprecated type of the architecture', () => {
    const need = { cpuCores: 4, memoryMiB: 8192, diskGiB: 80, location: 'fsn1' };
    expect(chooseServerType(types, { ...need, architecture: 'x86' }).name).toBe('a');
    expect(chooseServerType(types, { ...need, architecture: 'arm' }).name).toBe('c');
    expect(chooseServerType(types, { ...need, architecture: 'x86', name: 'old' }).name).toBe('old');
  });
});
