/**
 * `@dc/crypto`: Decent Cloud identities (BIP39 seed phrase -> Ed25519), signed requests with
 * replay protection, agent delegation certificates, credential envelopes sealed to every key of
 * the renter, and secret boxes for server-held secrets. Runs unchanged in Node 20+ and browsers.
 *
 * @packageDocumentation
 */

export type { RandomSource } from './_random';
export type {
  AgentPermission,
  DelegationFields,
  SignedDelegation,
  VerifyDelegationOptions,
} from './delegation';
export {
  AGENT_PERMISSIONS,
  canonicalDelegation,
  DELEGATION_FORMAT_TAG,
  signDelegation,
  verifyDelegation,
} from './delegation';
export type {
  EnvelopeContext,
  EnvelopeRecipient,
  EnvelopeV3,
  RecipientKey,
  SealOptions,
} from './envelope';
export {
  ENVELOPE_V3_TAG,
  keyId,
  MAX_RECIPIENTS,
  MAX_SECRET_BYTES,
  open,
  recipientKey,
  seal,
} from './envelope';
export type { LegacyEnvelope } from './envelope-legacy';
export { openLegacy, sealLegacyV2 } from './envelope-legacy';
export type { CryptoErrorCode } from './errors';
export { CryptoError } from './errors';
export { fingerprint, shortFingerprint } from './fingerprint';
export type { Identity, SeedPhraseLength } from './identity';
export {
  generateIdentity,
  generateSeedPhrase,
  identityFromSecretKey,
  identityFromSeedPhrase,
  isValidSeedPhrase,
  normalizeSeedPhrase,
  secretKeyToHex,
  seedPhraseProblem,
} from './identity';
export type { MemoryReplayGuardOptions, ReplayGuard } from './replay-guard';
export { MemoryReplayGuard } from './replay-guard';
export type {
  CanonicalRequestParts,
  RequestBody,
  RequestRejection,
  SignedRequestHeaders,
  SignRequestParameters,
  VerifiedRequest,
  VerifyRequestParameters,
} from './request';
export {
  canonicalRequest,
  DEFAULT_REQUEST_WINDOW_MS,
  REQUEST_FORMAT_TAG,
  SIGNATURE_HEADERS,
  signRequest,
  verifyRequest,
} from './request';
export type { SecretBox, SecretBoxKeys } from './secret-box';
export { createSecretBox } from './secret-box';
export type { Ed25519Signer, Ed25519Verifier } from './signature';
export { sign, verifySignature } from './signature';
