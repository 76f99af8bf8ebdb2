import { type OfferingValues, regionOfCountry } from '@dc/client';
import { currencyExponent } from '@dc/pricing';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database, OfferingsTable } from '../db/schema';
import { HttpProblem } from '../http/problem';

// Persistence of offerings, shared by the offering routes and the CSV importer. Every writer
// takes the transaction it runs in, so a caller can make several writes all-or-nothing.

export { offeringToResponse, offeringValuesOf } from './response';
export { validateOfferingForProvider } from './validate';

/** An offerings row as stored. */
export type OfferingRow = Selectable<OfferingsTable>;

/** A row with what every response needs besides the row: owner's username and liveness. */
export type OfferingView = OfferingRow & {
  readonly provider_username: string;
  readonly online: boolean;
};

/** An agent that has not reported for this long is offline (spec: listed needs an online agent). */
export const ONLINE_WINDOW_SECONDS = 90;

/**
 * Whether the offering `o` (joined with its pool as `p`) can be served right now: the `manual`
 * provisioner runs on the platform itself (people complete the order), every other kind needs
 * an agent of the pool that sent a heartbeat within {@link ONLINE_WINDOW_SECONDS}. The database
 * clock decides, so every API instance agrees.
 */
export const offeringOnlineSql = sql<boolean>`(o.provisioner = 'manual' OR coalesce(p.last_heartbeat_at > now() - make_interval(secs => ${ONLINE_WINDOW_SECONDS}), false))`;

/** Offerings joined with their provider's username and their pool, selecting an {@link OfferingView}. */
export function selectOfferingViews(db: Kysely<Database>) {
  return db
    .selectFrom('offerings as o')
    .innerJoin('accounts as a', 'a.id', 'o.provider_id')
    .leftJoin('pools as p', 'p.id', 'o.pool_id')
    .selectAll('o')
    .select(['a.username as provider_username', offeringOnlineSql.as('online')]);
}

/** One live (not deleted) offering with its view fields, by id. */
export async function findOfferingView(
  db: Kysely<Database>,
  id: string,
): Promise<OfferingView | undefined> {
  return selectOfferingViews(db)
    .where('o.id', '=', id)
    .where('o.deleted_at', 'is', null)
    .executeTakeFirst();
}

/** The provider's live offering with this slug, if any. */
export async function findOfferingBySlug(
  db: Kysely<Database>,
  providerId: string,
  slug: string,
): Promise<OfferingRow | undefined> {
  return db
    .selectFrom('offerings')
    .selectAll()
    .where('provider_id', '=', providerId)
    .where('slug', '=', slug)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** Usernames on the allow-lists of `offeringIds`, sorted, keyed by offering id. */
export async function allowListsOf(
  db: Kysely<Database>,
  offeringIds: readonly string[],
): Promise<Map<string, string[]>> {
  const lists = new Map<string, string[]>();
  if (offeringIds.length === 0) return lists;
  const rows = await db
    .selectFrom('offering_allow_list as l')
    .innerJoin('accounts as a', 'a.id', 'l.account_id')
    .select(['l.offering_id', 'a.username'])
    .where('l.offering_id', 'in', [...offeringIds])
    .orderBy('a.username')
    .execute();
  for (const row of rows) {
    const list = lists.get(row.offering_id) ?? [];
    list.push(row.username);
    lists.set(row.offering_id, list);
  }
  return lists;
}

/** The 409 of a slug the provider already uses, located on the field to change. */
export function slugTaken(slug: string, root = 'body'): HttpProblem {
  return new HttpProblem(
    409,
    'slug_taken',
    `You already have an offering with slug "${slug}"; pick another slug or update that one.`,
    {
      errors: [
        {
          path: root ? `${root}.slug` : 'slug',
          message: 'already used by another of your offerings',
        },
      ],
    },
  );
}

/** Columns of an offering derived from validated values (region and exponent included). */
function offeringColumns(values: OfferingValues) {
  const { allowed_accounts: _allowList, provisioner_config, ...fields } = values;
  const region = regionOfCountry(values.country);
  // OfferingInput accepts only countries the region table knows; reaching this is a bug.
  if (region === undefined) throw new Error(`no region for country ${values.country}`);
  return {
    ...fields,
    os_images: [...fields.os_images],
    provisioner_config: JSON.stringify(provisioner_config),
    currency_exponent: currencyExponent(values.currency),
    region,
  };
}

function isSlugViolation(error: unknown): boolean {
  const pgError = error as { code?: unknown; constraint?: unknown; message?: unknown };
  return (
    pgError?.code === '23505' &&
    (pgError.constraint === 'offerings_provider_slug' ||
      String(pgError.message).includes('offerings_provider_slug'))
  );
}

/** Runs a write, turning a lost race for the slug (unique index) into the same 409 as the check. */
async function guardSlug<T>(slug: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isSlugViolation(error)) throw slugTaken(slug);
    throw error;
  }
}

/** Replaces the allow-list of an offering with the accounts named (unknown names are skipped). */
async function replaceAllowList(
  trx: Kysely<Database>,
  offeringId: string,
  usernames: readonly string[],
): Promise<void> {
  await trx.deleteFrom('offering_allow_list').where('offering_id', '=', offeringId).execute();
  const unique = [...new Set(usernames)];
  if (unique.length === 0) return;
  await trx
    .insertInto('offering_allow_list')
    .columns(['offering_id', 'account_id'])
    .expression((eb) =>
      eb
        .selectFrom('accounts')
        .select([eb.val(offeringId).as('offering_id'), 'id'])
        .where('username', 'in', unique),
    )
    .execute();
}

/**
 * Stores a new offering of `providerId` and its allow-list. `values` must have passed
 * `OfferingInput` and {@link validateOfferingForProvider}; the slug must be free (a concurrent
 * insert of the same slug still fails cleanly with 409 `slug_taken`).
 */
export async function insertOffering(
  trx: Kysely<Database>,
  providerId: string,
  values: OfferingValues,
): Promise<OfferingRow> {
  const row = await guardSlug(values.slug, () =>
    trx
      .insertInto('offerings')
      .values({ ...offeringColumns(values), provider_id: providerId })
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
  await replaceAllowList(trx, row.id, values.allowed_accounts);
  return row;
}

/**
 * Overwrites every provider-written field of offering `id` with `values` (a whole, validated
 * offering, not a patch) and replaces its allow-list.
 */
export async function updateOfferingRow(
  trx: Kysely<Database>,
  id: string,
  values: OfferingValues,
): Promise<OfferingRow> {
  const row = await guardSlug(values.slug, () =>
    trx
      .updateTable('offerings')
      .set({ ...offeringColumns(values), updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
  await replaceAllowList(trx, id, values.allowed_accounts);
  return row;
}
