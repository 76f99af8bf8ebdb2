import type { FieldIssue, SealedCredential } from '@dc/client';
import { keyId } from '@dc/crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../db/schema';
import { HttpProblem } from '../http/problem';

/** Delivered credentials are deleted this long after delivery (spec §4; a reset renews them). */
export const CREDENTIAL_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

type Credential = z.output<typeof SealedCredential>;

/**
 * Checks that every envelope is sealed to the renter and only the renter: each recipient slot
 * is an active key of the renter's account, and every key the renter held when the work began
 * (`keysBefore`; all active keys when `null`) has a slot, so the credentials open on each of the
 * renter's devices (never-again 15). A key added during provisioning may be missing: the agent
 * could not have known it. The server cannot read the envelopes and never tries.
 */
export async function checkCredentialRecipients(
  db: Kysely<Database>,
  renterId: string,
  credentials: readonly Credential[],
  keysBefore: Date | null,
  root = 'body.credentials',
): Promise<void> {
  if (credentials.length === 0) return;
  const keys = await db
    .selectFrom('account_keys')
    .select(['public_key', 'created_at'])
    .where('account_id', '=', renterId)
    .where('revoked_at', 'is', null)
    .execute();
  const byKid = new Map(keys.map((key) => [keyId(Buffer.from(key.public_key, 'hex')), key]));
  const required = keys.filter(
    (key) => keysBefore === null || key.created_at.getTime() <= keysBefore.getTime(),
  );
  const issues: FieldIssue[] = [];
  credentials.forEach((credential, i) => {
    const kids = new Set(credential.envelope.recipients.map((recipient) => recipient.kid));
    credential.envelope.recipients.forEach((recipient, j) => {
      if (!byKid.has(recipient.kid)) {
        issues.push({
          path: `${root}.${i}.envelope.recipients.${j}.kid`,
          message: "is not an active key of the renter; seal only to the renter's keys",
        });
      }
    });
    for (const key of required) {
      if (!kids.has(keyId(Buffer.from(key.public_key, 'hex')))) {
        issues.push({
          path: `${root}.${i}.envelope.recipients`,
          message: `has no slot for the renter's key ${key.public_key.slice(0, 16)}...; seal to every active key`,
        });
      }
    }
  });
  if (issues.length > 0) {
    throw new HttpProblem(
      422,
      'credentials_not_for_renter',
      issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '),
      { errors: issues },
    );
  }
}

/** Stores sealed envelopes (never plaintext), each expiring {@link CREDENTIAL_LIFETIME_MS} later. */
export async function storeCredentials(
  db: Kysely<Database>,
  contractId: string,
  credentials: readonly Credential[],
  now: Date,
): Promise<void> {
  if (credentials.length === 0) return;
  await db
    .insertInto('contract_credentials')
    .values(
      credentials.map((credential) => ({
        contract_id: contractId,
        purpose: credential.purpose,
        envelope: JSON.stringify(credential.envelope),
        created_at: now,
        expires_at: new Date(now.getTime() + CREDENTIAL_LIFETIME_MS),
      })),
    )
    .execute();
}
