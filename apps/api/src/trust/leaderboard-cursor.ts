import { HttpProblem } from '../http/problem';

/** Where a leaderboard page ended: the last row's sort key (numbers as exact text). */
export interface LeaderboardCursor {
  readonly score: string;
  /** `-1` for a provider without uptime (they sort last). */
  readonly uptime: string;
  readonly delivered: number;
  readonly id: string;
}

const NUMERIC = /^-?[0-9]{1,6}(\.[0-9]{1,20})?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** base64url JSON of the last row's sort key. */
export function encodeLeaderboardCursor(cursor: LeaderboardCursor): string {
  return Buffer.from(
    JSON.stringify([cursor.score, cursor.uptime, cursor.delivered, cursor.id]),
  ).toString('base64url');
}

/** The cursor's sort key, or a 400 `invalid_cursor` for anything this server did not issue. */
export function decodeLeaderboardCursor(text: string): LeaderboardCursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (
    Array.isArray(value) &&
    value.length === 4 &&
    typeof value[0] === 'string' &&
    NUMERIC.test(value[0]) &&
    typeof value[1] === 'string' &&
    NUMERIC.test(value[1]) &&
    Number.isSafeInteger(value[2]) &&
    typeof value[3] === 'string' &&
    UUID.test(value[3])
  ) {
    return { score: value[0], uptime: value[1], delivered: value[2] as number, id: value[3] };
  }
  throw new HttpProblem(
    400,
    'invalid_cursor',
    'Invalid cursor: not one this server issued for the leaderboard. Start again without a cursor.',
    { errors: [{ path: 'query.cursor', message: 'not a leaderboard cursor' }] },
  );
}
