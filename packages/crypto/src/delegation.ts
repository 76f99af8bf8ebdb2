import { describe, fromHex, toHex, utf8 } from './_bytes';
import { CryptoError } from './errors';
import { identityFromSecretKey } from './identity';
import { type Ed25519Verifier, sign, verifySignature } from './signature';

/** What an agent may do on its provider's behalf (spec: agent-protocol.md §3). */
export const AGENT_PERMISSIONS = [
  'lease_jobs',
  'report_instances',
  'report_health',
  'heartbeat',
  'manage_dns',
] as const;

/** One agent permission. */
export type AgentPermission = (typeof AGENT_PERMISSIONS)[number];

/** First line of the canonical delegation encoding. */
export const DELEGATION_FORMAT_TAG = 'DC-DELEGATION-V1';

/** The fields a provider signs to delegate to an agent key. */
export interface DelegationFields {
  /** The agent's Ed25519 public key, hex. */
  readonly agentPublicKey: string;
  /** The delegating provider's Ed25519 public key, hex (the signer). */
  readonly providerPublicKey: string;
  /** The pool the agent serves. */
  readonly poolId: string;
  readonly permissions: readonly AgentPermission[];
  /** Unix ms; before it the delegation is not valid. */
  readonly notBefore: number;
  /** Unix ms; from it on the delegation is expired. */
  readonly notAfter: number;
  /** Provider-chosen identifier, unique per provider, for revocation lists. */
  readonly serial: string;
}

/** A signed delegation certificate: the fields plus the provider's signature (hex). */
export interface SignedDelegation extends DelegationFields {
  readonly v: 1;
  readonly signature: string;
}

const IDENT = /^[A-Za-z0-9._:-]{1,128}$/;
const KEY = /^[0-9a-f]{64}$/;

/**
 * The deterministic bytes that are signed: UTF-8 lines joined by `\n`, no trailing newline:
 * `DC-DELEGATION-V1`, agent key hex, provider key hex, pool id, permissions sorted and
 * de-duplicated joined by `,`, notBefore ms, notAfter ms, serial. Identifiers are restricted
 * to `[A-Za-z0-9._:-]{1,128}`, so no field can contain a separator.
 */
export function canonicalDelegation(fields: DelegationFields): Uint8Array {
  const f = normalise(fields);
  return utf8(
    [
      DELEGATION_FORMAT_TAG,
      f.agentPublicKey,
      f.providerPublicKey,
      f.poolId,
      f.permissions.join(','),
      String(f.notBefore),
      String(f.notAfter),
      f.serial,
    ].join('\n'),
  );
}

/** Signs a delegation with the provider's secret key; `providerPublicKey` must be its key. */
export function signDelegation(
  fields: DelegationFields,
  providerSecretKey: Uint8Array | string,
): SignedDelegation {
  const f = normalise(fields);
  const provider = identityFromSecretKey(providerSecretKey);
  if (provider.publicKeyHex !== f.providerPublicKey) {
    throw new CryptoError(
      'invalid_key',
      '"providerSecretKey" does not belong to "providerPublicKey"',
      { param: 'providerSecretKey' },
    );
  }
  return Object.freeze({
    v: 1,
    ...f,
    signature: toHex(sign(canonicalDelegation(f), provider.secretKey)),
  });
}

/** What {@link verifyDelegation} checks besides the signature. */
export interface VerifyDelegationOptions {
  /** Unix ms to check validity at. */
  readonly now: number;
  /** The provider the delegation must come from (hex key). */
  readonly expectedProvider?: string;
  /** The permission the calling route needs. */
  readonly requiredPermission?: AgentPermission;
  readonly verify?: Ed25519Verifier;
}

/**
 * Verifies a delegation certificate: shape, provider signature, validity period, and (when
 * given) the provider and the permission a route needs. Returns the normalised fields or
 * throws `CryptoError` (`invalid_signature`, `expired`, `not_yet_valid`, `permission_missing`,
 * `invalid_key`, `invalid_format`).
 */
export function verifyDelegation(
  certificate: unknown,
  options: VerifyDelegationOptions,
): SignedDelegation {
  if (typeof certificate !== 'object' || certificate === null) {
    throw new CryptoError('invalid_type', '"certificate" expected a delegation object', {
      param: 'certificate',
    });
  }
  const c = certificate as Partial<SignedDelegation>;
  if (c.v !== 1)
    throw new CryptoError(
      'unsupported_version',
      `delegation version ${describe(c.v)} is not supported (expected 1)`,
      { param: 'v' },
    );
  const fields = normalise(c as DelegationFields);
  const signature = fromHex('signature', c.signature, 64);
  const verify = options.verify ?? verifySignature;
  if (
    !verify(
      signature,
      canonicalDelegation(fields),
      fromHex('providerPublicKey', fields.providerPublicKey, 32),
    )
  ) {
    throw new CryptoError(
      'invalid_signature',
      'delegation signature does not verify against providerPublicKey',
      { param: 'signature' },
    );
  }
  if (
    options.expectedProvider !== undefined &&
    options.expectedProvider !== fields.providerPublicKey
  ) {
    throw new CryptoError('invalid_key', 'delegation was signed by another provider', {
      param: 'providerPublicKey',
    });
  }
  if (options.now < fields.notBefore)
    throw new CryptoError(
      'not_yet_valid',
      `delegation is valid from ${new Date(fields.notBefore).toISOString()}`,
      { param: 'notBefore' },
    );
  if (options.now >= fields.notAfter)
    throw new CryptoError(
      'expired',
      `delegation expired at ${new Date(fields.notAfter).toISOString()}`,
      { param: 'notAfter' },
    );
  if (
    options.requiredPermission !== undefined &&
    !fields.permissions.includes(options.requiredPermission)
  ) {
    throw new CryptoError(
      'permission_missing',
      `delegation does not grant "${options.requiredPermission}"`,
      { param: 'permissions' },
    );
  }
  return Object.freeze({ v: 1, ...fields, signature: c.signature as string });
}

function normalise(fields: DelegationFields): DelegationFields {
  if (typeof fields !== 'object' || fields === null) {
    throw new CryptoError('invalid_type', '"fields" expected a delegation object', {
      param: 'fields',
    });
  }
  const check = (param: string, value: unknown, pattern: RegExp, expected: string): string => {
    if (typeof value !== 'string' || !pattern.test(value)) {
      throw new CryptoError('invalid_format', `"${param}" expected ${expected}`, { param });
    }
    return value;
  };
  const time = (param: string, value: unknown): number => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw new CryptoError(
        'invalid_format',
        `"${param}" expected Unix time in whole milliseconds`,
        { param },
      );
    }
    return value;
  };
  if (!Array.isArray(fields.permissions) || fields.permissions.length === 0) {
    throw new CryptoError(
      'invalid_format',
      `"permissions" expected a non-empty list of ${AGENT_PERMISSIONS.join(', ')}`,
      { param: 'permissions' },
    );
  }
  for (const p of fields.permissions) {
    if (!(AGENT_PERMISSIONS as readonly unknown[]).includes(p)) {
      throw new CryptoError(
        'invalid_format',
        `"permissions" contains ${JSON.stringify(p)}; allowed: ${AGENT_PERMISSIONS.join(', ')}`,
        { param: 'permissions' },
      );
    }
  }
  const notBefore = time('notBefore', fields.notBefore);
  const notAfter = time('notAfter', fields.notAfter);
  if (notAfter <= notBefore)
    throw new CryptoError('invalid_format', '"notAfter" must be after "notBefore"', {
      param: 'notAfter',
    });
  return {
    agentPublicKey: check('agentPublicKey', fields.agentPublicKey, KEY, '64 lower-case hex digits'),
    providerPublicKey: check(
      'providerPublicKey',
      fields.providerPublicKey,
      KEY,
      '64 lower-case hex digits',
    ),
    poolId: check('poolId', fields.poolId, IDENT, '1-128 characters of [A-Za-z0-9._:-]'),
    permissions: [...new Set(fields.permissions)].sort(),
    notBefore,
    notAfter,
    serial: check('serial', fields.serial, IDENT, '1-128 characters of [A-Za-z0-9._:-]'),
  };
}
