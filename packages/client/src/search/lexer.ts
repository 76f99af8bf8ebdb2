import { SearchQueryError } from './errors';

/** A piece of query text and where it starts (0-based offset). */
export type Token =
  /** A run of characters other than whitespace and `: ( ) [ ] " < >`. */
  | { readonly type: 'word'; readonly text: string; readonly position: number }
  /** A `"..."` value, unescaped; `position` is the opening quote. */
  | { readonly type: 'string'; readonly text: string; readonly position: number }
  | { readonly type: ':' | '(' | ')' | '[' | ']'; readonly position: number }
  | { readonly type: 'op'; readonly op: '>=' | '<=' | '>' | '<'; readonly position: number }
  /** After the last token; `position` is the text's length. */
  | { readonly type: 'end'; readonly position: number };

const WHITESPACE = /\s/;
const PUNCTUATION = new Set([':', '(', ')', '[', ']']);

/**
 * Characters that end a bare word. `-`, `!` and `=` are word characters: whether a leading
 * `-` negates a clause or signs a number is the parser's call, which knows where it is.
 */
export function isWordCharacter(char: string): boolean {
  return (
    !WHITESPACE.test(char) && !PUNCTUATION.has(char) && char !== '"' && char !== '<' && char !== '>'
  );
}

function readString(text: string, start: number): { value: string; next: number } {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const char = text[i] as string;
    if (char === '"') return { value, next: i + 1 };
    // `\"` and `\\` are escapes; any other backslash is kept, so Windows-ish text survives.
    const following = text[i + 1];
    if (char === '\\' && (following === '"' || following === '\\')) {
      value += following;
      i += 2;
    } else {
      value += char;
      i += 1;
    }
  }
  throw new SearchQueryError(
    'syntax',
    `unterminated quoted value at position ${start}; close it with " (write \\" for a quote inside)`,
    start,
  );
}

/**
 * Splits query text into tokens. Refuses only what no query can contain: a quote left open and
 * the NUL character (Postgres text cannot hold it, so it could only ever end in a SQL error).
 *
 * @throws SearchQueryError `syntax`
 */
export function tokenize(text: string): Token[] {
  const nul = text.indexOf('\u0000');
  if (nul !== -1) {
    throw new SearchQueryError('syntax', `NUL character at position ${nul}`, nul);
  }
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i] as string;
    if (WHITESPACE.test(char)) {
      i += 1;
    } else if (PUNCTUATION.has(char)) {
      tokens.push({ type: char as ':' | '(' | ')' | '[' | ']', position: i });
      i += 1;
    } else if (char === '<' || char === '>') {
      const withEquals = text[i + 1] === '=';
      tokens.push({ type: 'op', op: withEquals ? `${char}=` : char, position: i });
      i += withEquals ? 2 : 1;
    } else if (char === '"') {
      const { value, next } = readString(text, i);
      tokens.push({ type: 'string', text: value, position: i });
      i = next;
    } else {
      const start = i;
      while (i < text.length && isWordCharacter(text[i] as string)) i += 1;
      tokens.push({ type: 'word', text: text.slice(start, i), position: start });
    }
  }
  tokens.push({ type: 'end', position: text.length });
  return tokens;
}
