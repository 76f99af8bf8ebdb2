import type { WireMeta } from '../../../providers/hetzner/wire';
import { invalidInput } from './api-error';

/**
 * One page of `items` by Hetzner's rules: `page` from 1, `per_page` default 25, capped at
 * `maxPerPage` (Hetzner: 50), `meta.pagination` with previous/next/last page and total.
 */
export function paginate<T>(
  items: readonly T[],
  query: URLSearchParams,
  maxPerPage: number,
): { items: T[]; meta: WireMeta } {
  const page = positiveInt(query.get('page'), 1, 'page');
  const perPage = Math.min(maxPerPage, positiveInt(query.get('per_page'), 25, 'per_page'));
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    meta: {
      pagination: {
        page,
        per_page: perPage,
        previous_page: page > 1 ? page - 1 : null,
        next_page: page < lastPage ? page + 1 : null,
        last_page: lastPage,
        total_entries: items.length,
      },
    },
  };
}

function positiveInt(raw: string | null, fallback: number, name: string): number {
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw invalidInput(`invalid ${name}`, { [name]: 'must be a positive integer' });
  return value;
}
