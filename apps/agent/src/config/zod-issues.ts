import type { z } from 'zod';

/** A zod issue as one message per key path (unknown keys split one per key). */
export interface PathMessage {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

const ARTICLE: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  object: 'a table',
  array: 'an array',
  int: 'a whole number',
};

/** Humane wording of zod's default messages; custom messages stay as they are. */
function wording(issue: z.core.$ZodIssue): string {
  const typed = /^Invalid input: expected (\w+), received (\w+)$/.exec(issue.message);
  if (typed !== null) {
    const [, expected = '', received = ''] = typed;
    const want = ARTICLE[expected] ?? expected;
    return received === 'undefined'
      ? `is required (${want})`
      : `must be ${want}, not ${ARTICLE[received] ?? received}`;
  }
  if (issue.code === 'invalid_value' && issue.message.startsWith('Invalid option')) {
    return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return issue.message;
}

/**
 * Every issue of a failed parse as `{path, message}`. An unknown key becomes one entry at the
 * key itself saying which keys are allowed there (`allowedAt` names them, as written in the file).
 */
export function pathMessages(
  issues: readonly z.core.$ZodIssue[],
  allowedAt: (path: readonly PropertyKey[]) => readonly string[],
): PathMessage[] {
  return issues.flatMap((issue): PathMessage[] => {
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedAt(issue.path);
      return issue.keys.map((key) => ({
        path: [...issue.path, key],
        message:
          allowed.length > 0 ? `unknown key; allowed here: ${allowed.join(', ')}` : 'unknown key',
      }));
    }
    return [{ path: issue.path, message: wording(issue) }];
  });
}
