/**
 * A LIKE/ILIKE pattern matching `text` anywhere in a value. `\`, `%` and `_` in the text are
 * escaped with backslash, Postgres' default LIKE escape character, so `name:100%` looks for
 * the characters "100%" and never turns user text into wildcards.
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
