import { z } from 'zod';

/** A server-assigned identifier (UUID). */
export const Id = z.uuid({ message: 'must be a UUID' });

/** An instant as an ISO 8601 string in UTC, as every timestamp in the API is sent. */
export const Timestamp = z.iso.datetime({ offset: true });

/**
 * An amount in integer minor units of a currency (cents for USD, yen for JPY). JSON carries it
 * as a number; the bound keeps it exact in every JSON parser.
 */
export const MinorUnits = z
  .number()
  .int({ message: 'must be an integer number of minor units (e.g. cents), not a decimal' })
  .nonnegative()
  .max(Number.MAX_SAFE_INTEGER);

/** A lower-case hex Ed25519 public key. */
export const PublicKeyHex = z
  .string()
  .regex(/^[0-9a-f]{64}$/, { message: 'must be 64 lower-case hex digits (Ed25519 public key)' });

/** A lower-case hex Ed25519 signature. */
export const SignatureHex = z
  .string()
  .regex(/^[0-9a-f]{128}$/, { message: 'must be 128 lower-case hex digits (Ed25519 signature)' });

/** A cursor-paginated list: `next_cursor` is null on the last page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), next_cursor: z.string().nullable() });
}

/** `?cursor=&limit=` of every paginated list; at most 100 per page. */
export const PageQuery = z.object({
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
