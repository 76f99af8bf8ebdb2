import { z } from 'zod';
import { Username } from './account';
import { MinorUnits, PageQuery, pageOf, Timestamp } from './common';
import { CurrencyCode } from './wallet';

/**
 * An account as the admin list shows it: who it is, its roles and its wallet balances, what an
 * admin needs to find it and adjust its wallet. Keys, tokens, email and billing details are left
 * out (least privilege: support looks those up elsewhere, with a reason).
 */
export const AdminAccount = z.object({
  username: Username,
  display_name: z.string().nullable(),
  is_provider: z.boolean(),
  is_admin: z.boolean(),
  email_verified: z.boolean(),
  created_at: Timestamp,
  /** One balance per currency the wallet has held, minor units. */
  wallet: z.array(z.object({ currency: CurrencyCode, balance: MinorUnits })),
});
export type AdminAccount = z.infer<typeof AdminAccount>;

/** `GET /v1/admin/accounts`: by username, optionally those starting with `username_prefix`. */
export const AdminAccountQuery = PageQuery.extend({
  username_prefix: z
    .string()
    .regex(/^[a-z0-9_-]{1,32}$/, {
      message: 'must be 1-32 lower-case letters, digits, "_" or "-" (the start of a username)',
    })
    .optional(),
});
export const AdminAccountPage = pageOf(AdminAccount);
