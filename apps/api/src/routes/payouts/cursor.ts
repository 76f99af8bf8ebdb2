import { validationFailed } from '../../http/problem';

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([0-9a-f-]{36})$/;

/** A keyset position: the last row's time and id. */
export interface Cursor {
  readonly at: Date;
  readonly id: string;
}

/** The position in `?cursor=`, or a 400 naming it when it is not one this API returned. */
export function parseCursor(cursor: string | undefined): Cursor | undefined {
  if (cursor === undefined) return undefined;
  const match = CURSOR.exec(cursor);
  if (match === null) {
    throw validationFailed(
      [{ path: 'query.cursor', message: 'must be a next_cursor returned by this list' }],
      400,
    );
  }
  return { at: new Date(match[1] ?? ''), id: match[2] ?? '' };
}

/** The `next_cursor` of a page read with `limit + 1` rows, newest first. */
export function nextCursor<T>(
  rows: readonly T[],
  limit: number,
  position: (row: T) => Cursor,
): string | null {
  const last = rows[limit - 1];
  if (rows.length <= limit || last === undefined) return null;
  const { at, id } = position(last);
  return `${at.toISOString()}_${id}`;
}
