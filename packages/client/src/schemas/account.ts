import { z } from 'zod';
import { Id, PublicKeyHex, SignatureHex, Timestamp } from './common';

/** 3-32 lower-case letters, digits, `_` and `-`, starting with a letter. */
export const Username = z.string().regex(/^[a-z][a-z0-9_-]{2,31}$/, {
  message: 'must be 3-32 lower-case letters, digits, "_" or "-", starting with a letter',
});

export const Email = z.email().max(254);

/** `POST /v1/accounts`, signed by the key that becomes the account's first key. */
export const RegisterAccountBody = z.strictObject({
  username: Username,
  email: Email.optional(),
  display_name: z.string().trim().min(1).max(80).optional(),
});

/** The signed-in account as its owner sees it. */
export const Account = z.object({
  id: Id,
  username: Username,
  display_name: z.string().nullable(),
  email: z.string().nullable(),
  email_verified: z.boolean(),
  is_provider: z.boolean(),
  is_admin: z.boolean(),
  created_at: Timestamp,
});
export type Account = z.infer<typeof Account>;

/** What anyone may see of an account. */
export const PublicAccount = z.object({
  username: Username,
  display_name: z.string().nullable(),
  is_provider: z.boolean(),
  created_at: Timestamp,
});

export const UpdateAccountBody = z.strictObject({
  display_name: z.string().trim().min(1).max(80).nullable().optional(),
  /** A new address starts unverified and is sent a code. `null` removes it. */
  email: Email.nullable().optional(),
});

export const VerifyEmailBody = z.strictObject({
  code: z.string().regex(/^[0-9]{6}$/, { message: 'must be the 6-digit code from the email' }),
});

export const AccountKey = z.object({
  public_key: PublicKeyHex,
  label: z.string().nullable(),
  created_at: Timestamp,
  revoked_at: Timestamp.nullable(),
  last_used_at: Timestamp.nullable(),
});

/** The message a new key signs to prove possession: ties the key to this account only. */
export function addKeyProofMessage(accountId: string): string {
  return `DC-ADD-KEY-V1\n${accountId}`;
}

export const AddKeyBody = z.strictObject({
  public_key: PublicKeyHex,
  label: z.string().trim().min(1).max(80).optional(),
  /** Signature by the new key over {@link addKeyProofMessage} of the account id. */
  proof: SignatureHex,
});

export const TOKEN_SCOPES = ['read', 'rent', 'provider', 'agent'] as const;

export const CreateApiTokenBody = z.strictObject({
  name: z.string().trim().min(1).max(80),
  scopes: z.array(z.enum(TOKEN_SCOPES)).min(1).max(TOKEN_SCOPES.length),
  /** Lifetime in days, 1-365 (default 90). */
  expires_in_days: z.number().int().min(1).max(365).default(90),
});

export const ApiToken = z.object({
  id: Id,
  name: z.string(),
  scopes: z.array(z.enum(TOKEN_SCOPES)),
  /** The first characters of the token, to recognise it in a list. */
  prefix: z.string(),
  created_at: Timestamp,
  expires_at: Timestamp,
  revoked_at: Timestamp.nullable(),
  last_used_at: Timestamp.nullable(),
});

/** Returned once, at creation: the only time the secret is shown. */
export const CreatedApiToken = ApiToken.extend({ token: z.string() });
