import { z } from 'zod';
import { SEARCH_SORTS } from '../schemas/offering-api';

/**
 * The result orders of a search (spec §2 `sort=`): `price` cheapest first, `-price` dearest
 * first, `trust` highest trust score first, `-uptime` highest 30-day uptime first, `newest`
 * most recently listed first. Without one, results come by trust, then uptime, then price.
 */
export const SearchSort = z.enum(SEARCH_SORTS);

/** One of {@link SearchSort}'s values. */
export type SearchSort = z.infer<typeof SearchSort>;
