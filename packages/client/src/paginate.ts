import type { CallOptions } from './call';
import type { Client } from './client';

interface Page<T> {
  readonly items: readonly T[];
  readonly next_cursor: string | null;
}

/**
 * Walks every page of a cursor-paginated operation, yielding items one at a time.
 *
 * @example
 * for await (const offering of paginate(client, searchOfferings, { q: 'type:gpu' })) { ... }
 */
export async function* paginate<P extends { cursor?: string | undefined }, T>(
  client: Client,
  operation: (client: Client, params: P, options?: CallOptions) => Promise<Page<T>>,
  params: P,
  options: CallOptions = {},
): AsyncGenerator<T, void, undefined> {
  let cursor: string | undefined = params.cursor;
  do {
    const page: Page<T> = await operation(client, { ...params, cursor }, options);
    yield* page.items;
    cursor = page.next_cursor ?? undefined;
  } while (cursor !== undefined);
}
