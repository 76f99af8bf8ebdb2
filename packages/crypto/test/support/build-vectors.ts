import { sha256 } from '@noble/hashes/sha2.js';
import { hex } from '@scure/base';
import {
  canonicalDelegation,
  canonicalRequest,
  fingerprint,
  identityFromSecretKey,
  identityFromSeedPhrase,
  type RandomSource,
  seal,
  sealLegacyV2,
  signDelegation,
  signRequest,
} from '../../src/index';

/**
 * A deterministic byte source that also records what it handed out, so a vector file can list
 * the exact "random" bytes a seal consumed (in order) for other implementations to replay.
 */
export function recordingRandom(label: string): { random: RandomSource; drawn: string[] } {
  const drawn: string[] = [];
  let counter = 0;
  const random: RandomSource = (length) => {
    const out = new Uint8Array(length);
    for (let at = 0; at < length; at += 32) {
      out.set(
        sha256(new TextEncoder().encode(`${label}:${counter++}`)).subarray(
          0,
          Math.min(32, length - at),
        ),
        at,
      );
    }
    drawn.push(hex.encode(out));
    return out;
  };
  return { random, drawn };
}

const PHRASES = [
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about',
  'legal winner thank year wave sausage worth useful legal winner thank yellow',
  'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong',
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon art',
  'void come effort suffer camp survey warrior heavy shoot primary clutch crush open amazing screen patrol group space point ten exist slush involve unfold',
];

const alice = identityFromSecretKey(
  '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
);
const bob = identityFromSecretKey(
  '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
);
const agent = identityFromSecretKey(
  'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
);

/** Every published vector file, by name, as the package computes it today. */
export function buildVectors(): Record<string, unknown> {
  const derivation = {
    description:
      'BIP39 phrase -> Ed25519: seed64 = BIP39 seed(phrase, ""), secretKey = HMAC-SHA512(key = "ed25519 seed", seed64)[0..32], publicKey = Ed25519(secretKey)',
    vectors: PHRASES.map((phrase) => {
      const id = identityFromSeedPhrase(phrase);
      return {
        phrase,
        secretKey: hex.encode(id.secretKey),
        publicKey: id.publicKeyHex,
        fingerprint: fingerprint(id.publicKey),
      };
    }),
  };

  const requestInput = {
    secretKey: hex.encode(alice.secretKey),
    method: 'POST',
    url: 'https://api.decent-cloud.example/v1/contracts?dry_run=true&q=cores%3A%3E%3D4',
    body: '{"offering_id":"off_123","hours":720}',
    timestamp: 1767225600000,
    nonce: '000102030405060708090a0b0c0d0e0f',
  };
  const request = {
    description: 'Canonical request DC-REQUEST-V1 and its X-DC-* headers (Ed25519, RFC 8032)',
    input: requestInput,
    canonical: canonicalRequest({
      method: requestInput.method,
      path: '/v1/contracts?dry_run=true&q=cores%3A%3E%3D4',
      host: 'api.decent-cloud.example',
      timestamp: requestInput.timestamp,
      nonce: requestInput.nonce,
      body: requestInput.body,
    }),
    headers: signRequest(requestInput),
  };

  const fields = {
    agentPublicKey: agent.publicKeyHex,
    providerPublicKey: alice.publicKeyHex,
    poolId: 'pool_eu-central-1',
    permissions: ['lease_jobs', 'report_instances', 'report_health', 'heartbeat'] as const,
    notBefore: 1767225600000,
    notAfter: 1798761600000,
    serial: 'dlg-0001',
  };
  const delegation = {
    description: 'Agent delegation certificate DC-DELEGATION-V1 signed by the provider key',
    providerSecretKey: hex.encode(alice.secretKey),
    canonical: new TextDecoder().decode(
      canonicalDelegation({ ...fields, permissions: [...fields.permissions] }),
    ),
    certificate: signDelegation(
      { ...fields, permissions: [...fields.permissions] },
      alice.secretKey,
    ),
  };

  const v3Random = recordingRandom('envelope-v3');
  const v3Context = {
    contractId: 'ctr_0190f2a4-7c1e-7b4a-9d0e-3a5b6c7d8e9f',
    purpose: 'root_password',
  };
  const envelopeV3 = {
    description:
      'Credential envelope v3 for two recipients. random = the bytes the sealer drew, in order: ephemeral X25519 secret (32), content key (32), one wrap nonce per recipient (24 each), content nonce (24).',
    recipients: [
      { secretKey: hex.encode(alice.secretKey), publicKey: alice.publicKeyHex },
      { secretKey: hex.encode(bob.secretKey), publicKey: bob.publicKeyHex },
    ],
    secret: 'correct horse battery staple',
    context: v3Context,
    envelope: seal('correct horse battery staple', [alice.publicKey, bob.publicKey], {
      ...v3Context,
      random: v3Random.random,
    }),
    random: v3Random.drawn,
  };

  const v2Random = recordingRandom('envelope-v2');
  const contractId = '5f2b7a8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809102';
  const envelopeV2 = {
    description:
      'Legacy credential envelope v2 (existing Decent Cloud apps). random = ephemeral X25519 secret (32), nonce (24). AAD = the raw 32-byte contract id.',
    recipient: { secretKey: hex.encode(bob.secretKey), publicKey: bob.publicKeyHex },
    contractId,
    secret: 'legacy-root-password',
    envelope: sealLegacyV2('legacy-root-password', bob.publicKey, contractId, {
      random: v2Random.random,
    }),
    random: v2Random.drawn,
  };

  return { derivation, request, delegation, 'envelope-v3': envelopeV3, 'envelope-v2': envelopeV2 };
}
