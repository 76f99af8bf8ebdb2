import { describe, expect, it } from 'vitest';
import {
  type CryptoErrorCode,
  type DelegationFields,
  generateIdentity,
  signDelegation,
  verifyDelegation,
} from '../src/index';

const provider = generateIdentity();
const agent = generateIdentity();
const fields: DelegationFields = {
  agentPublicKey: agent.publicKeyHex,
  providerPublicKey: provider.publicKeyHex,
  poolId: 'pool-1',
  permissions: ['report_health', 'lease_jobs', 'lease_jobs'],
  notBefore: 1000,
  notAfter: 5000,
  serial: 's-1',
};

const codeOf = (fn: () => unknown): CryptoErrorCode | 'ok' => {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return (e as { code: CryptoErrorCode }).code;
  }
};

describe('delegations', () => {
  const cert = signDelegation(fields, provider.secretKey);

  it('normalises permissions (sorted, unique) before signing', () => {
    expect(cert.permissions).toEqual(['lease_jobs', 'report_health']);
  });

  it('verifies within its validity period, with the permission a route needs', () => {
    expect(
      verifyDelegation(cert, {
        now: 1000,
        requiredPermission: 'lease_jobs',
        expectedProvider: provider.publicKeyHex,
      }),
    ).toMatchObject({
      agentPublicKey: agent.publicKeyHex,
    });
  });

  it('survives a JSON round trip (what an agent stores)', () => {
    expect(codeOf(() => verifyDelegation(JSON.parse(JSON.stringify(cert)), { now: 2000 }))).toBe(
      'ok',
    );
  });

  it('refuses outside its period, without the permission, or from another provider', () => {
    expect(codeOf(() => verifyDelegation(cert, { now: 999 }))).toBe('not_yet_valid');
    expect(codeOf(() => verifyDelegation(cert, { now: 5000 }))).toBe('expired');
    expect(
      codeOf(() => verifyDelegation(cert, { now: 2000, requiredPermission: 'manage_dns' })),
    ).toBe('permission_missing');
    expect(
      codeOf(() =>
        verifyDelegation(cert, { now: 2000, expectedProvider: generateIdentity().publicKeyHex }),
      ),
    ).toBe('invalid_key');
  });

  it('refuses any change to a signed field', () => {
    const tampered: Record<string, unknown>[] = [
      { ...cert, poolId: 'pool-2' },
      { ...cert, permissions: ['lease_jobs', 'manage_dns', 'report_health'] },
      { ...cert, notAfter: 9000 },
      { ...cert, agentPublicKey: generateIdentity().publicKeyHex },
      { ...cert, serial: 's-2' },
    ];
    for (const t of tampered)
      expect(codeOf(() => verifyDelegation(t, { now: 2000 }))).toBe('invalid_signature');
  });

  it('will not sign for a provider key it does not hold', () => {
    expect(codeOf(() => signDelegation(fields, generateIdentity().secretKey))).toBe('invalid_key');
  });

  it('rejects malformed fields with the field named', () => {
    expect(() => signDelegation({ ...fields, poolId: 'pool\n1' }, provider.secretKey)).toThrow(
      /"poolId" expected/,
    );
    expect(() =>
      signDelegation({ ...fields, permissions: ['root' as never] }, provider.secretKey),
    ).toThrow(/"permissions" contains "root"/);
    expect(() => signDelegation({ ...fields, permissions: [] }, provider.secretKey)).toThrow(
      /"permissions" expected a non-empty list/,
    );
    expect(() => signDelegation({ ...fields, notAfter: 1000 }, provider.secretKey)).toThrow(
      /"notAfter" must be after "notBefore"/,
    );
    expect(codeOf(() => verifyDelegation({ ...cert, v: 2 }, { now: 2000 }))).toBe(
      'unsupported_version',
    );
  });
});
