/**
 * Reads every page of a paginated list. `fetchPage(cursor)` returns the page's items and the
 * next cursor (`null` at the end); a page limit guards against a cloud that never stops.
 */
export async function collectPages<T, C>(
  first: C,
  fetchPage: (cursor: C) => Promise<{ items: readonly T[]; next: C | null }>,
  maxPages = 1000,
): Promise<T[]> {
  const all: T[] = [];
  let cursor: C | null = first;
  for (let page = 0; cursor !== null; page++) {
    if (page >= maxPages) throw new Error(`pagination did not end after ${maxPages} pages`);
    const { items, next }: { items: readonly T[]; next: C | null } = await fetchPage(cursor);
    all.push(...items);
    cursor = next;
  }
  return all;
}
