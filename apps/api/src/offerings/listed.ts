import { sql } from 'kysely';
import { offeringOnlineSql } from './store';

/**
 * Spec §1: an offering is listed when it is public, not a draft, in stock, and served (see
 * {@link offeringOnlineSql}); deleted offerings never are. For a query over `offerings as o`
 * left-joined with `pools as p`.
 */
export const listedOfferingSql = sql<boolean>`(o.deleted_at IS NULL AND NOT o.draft AND o.visibility = 'public' AND o.stock = 'in_stock' AND ${offeringOnlineSql})`;
