import type { SealedCredential } from '@dc/client/agent';
import { seal } from '@dc/crypto';
import type { z } from 'zod';

/** A secret sealed for the API (the only form a secret leaves the agent in). */
export type SealedSecret = z.input<typeof SealedCredential>;

/** The renter has no key to seal to: delivering would strand the secret. */
export class NoRecipientError extends Error {
  override name = 'NoRecipientError';
}

/**
 * Seals `secret` to every key in `renterKeys` (all active keys of the renter's account, as the
 * lease listed them), bound to the contract and `purpose`, so any one of the renter's devices
 * opens it and nothing else does. The plaintext goes no further than this call.
 */
export function sealToRenter(
  secret: string,
  renterKeys: readonly string[],
  context: { readonly contractId: string; readonly purpose: string },
): SealedSecret {
  if (renterKeys.length === 0) {
    throw new NoRecipientError(
      `contract ${context.contractId}: the renter has no active key to seal the ${context.purpose} to`,
    );
  }
  const envelope = seal(secret, renterKeys, context);
  return {
    purpose: context.purpose,
    envelope: { ...envelope, recipients: [...envelope.recipients] },
  };
}
