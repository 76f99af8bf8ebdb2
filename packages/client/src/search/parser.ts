import { fail, show } from './_fail';
import type { SearchClause, SearchQuery } from './ast';
import { buildClause } from './clause';
import { SEARCH_FIELD_NAMES, type SearchFieldName, searchField } from './fields';
import { type Token, tokenize } from './lexer';
import { SEARCH_MAX_CLAUSES, SEARCH_MAX_LIST_VALUES, SEARCH_MAX_QUERY_LENGTH } from './limits';
import type { RawExpression, RawValue } from './raw';

function describe(token: Token): string {
  switch (token.type) {
    case 'end':
      return 'the end of the query';
    case 'word':
      return show(token.text);
    case 'string':
      return `the quoted value ${show(token.text)}`;
    case 'op':
      return `"${token.op}"`;
    default:
      return `"${token.type}"`;
  }
}

function isKeyword(token: Token, keyword: 'AND' | 'OR' | 'TO'): boolean {
  return token.type === 'word' && token.text.toUpperCase() === keyword;
}

// Where each keyword belongs, for the message when one turns up where a clause should start.
const MISPLACED: Readonly<Record<string, string>> = {
  AND: '"AND" joins two clauses, e.g. type:gpu AND country:US',
  OR: '"OR" joins values inside ( ), e.g. type:(gpu OR compute)',
  TO: '"TO" belongs inside a range, e.g. price:[50 TO 500]',
};

/** Recursive descent over the token list; one instance per query. */
class Parser {
  private index = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  private peek(): Token {
    return this.tokens[this.index] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (token.type !== 'end') this.index += 1;
    return token;
  }

  query(): SearchQuery {
    const clauses: SearchClause[] = [];
    while (this.peek().type !== 'end') {
      if (clauses.length > 0 && isKeyword(this.peek(), 'AND')) {
        const and = this.next();
        if (this.peek().type === 'end') {
          throw fail('syntax', this.peek().position, `expected a clause after "AND"`, {
            hint: `"AND" at position ${and.position} joins two clauses`,
          });
        }
      }
      if (clauses.length === SEARCH_MAX_CLAUSES) {
        throw fail('too_many_clauses', this.peek().position, 'too many clauses', {
          hint: `a query has at most ${SEARCH_MAX_CLAUSES}`,
        });
      }
      clauses.push(this.clause());
    }
    return { clauses };
  }

  private clause(): SearchClause {
    const token = this.next();
    if (token.type !== 'word') {
      throw fail('syntax', token.position, `expected a clause, got ${describe(token)}`, {
        hint: 'a clause is field:value, e.g. type:gpu',
      });
    }
    const misplaced = MISPLACED[token.text.toUpperCase()];
    if (misplaced !== undefined) {
      throw fail('syntax', token.position, `unexpected ${show(token.text)}`, { hint: misplaced });
    }
    const negated = token.text.startsWith('-') || token.text.startsWith('!');
    const name = negated ? token.text.slice(1) : token.text;
    const position = token.position + (negated ? 1 : 0);
    if (name === '') {
      throw fail('syntax', position, `expected a field name after ${show(token.text)}`, {
        hint: 'write -field:value with no space after the "-"',
      });
    }
    const field = name.toLowerCase();
    const spec = searchField(field);
    if (spec === undefined) {
      if (this.peek().type !== ':') {
        throw fail('syntax', token.position, `expected a clause, got ${show(token.text)}`, {
          hint: 'a clause is field:value; quote values with spaces, e.g. city:"New York"',
        });
      }
      throw fail('unknown_field', position, `unknown field ${show(name)}`, {
        field: name,
        hint: `known fields: ${SEARCH_FIELD_NAMES.join(', ')}`,
      });
    }
    const colon = this.next();
    if (colon.type !== ':') {
      throw fail('syntax', colon.position, `expected ":" after field "${field}"`, {
        field,
        hint: `write ${field}:value`,
      });
    }
    return buildClause(field as SearchFieldName, spec, negated, this.expression(field));
  }

  private expression(field: string): RawExpression {
    const token = this.peek();
    switch (token.type) {
      case '(':
        this.next();
        return this.list(field, token.position);
      case '[':
        this.next();
        return this.range(field, token.position);
      case 'op':
        this.next();
        return {
          form: 'compare',
          op: token.op,
          value: this.value(field),
          position: token.position,
        };
      default:
        return { form: 'single', value: this.value(field) };
    }
  }

  private list(field: string, position: number): RawExpression {
    const values: RawValue[] = [];
    for (;;) {
      if (values.length === SEARCH_MAX_LIST_VALUES) {
        throw fail('too_many_values', this.peek().position, `too many values for "${field}"`, {
          field,
          hint: `a list has at most ${SEARCH_MAX_LIST_VALUES}`,
        });
      }
      values.push(this.value(field));
      const token = this.next();
      if (token.type === ')') return { form: 'list', values, position };
      if (!isKeyword(token, 'OR')) {
        throw fail(
          'syntax',
          token.position,
          `expected "OR" or ")" in the list of "${field}", got ${describe(token)}`,
          {
            field,
            hint: `lists look like ${field}:(a OR b)`,
          },
        );
      }
    }
  }

  private range(field: string, position: number): RawExpression {
    const min = this.value(field);
    const to = this.next();
    if (!isKeyword(to, 'TO')) {
      throw fail(
        'syntax',
        to.position,
        `expected "TO" in the range of "${field}", got ${describe(to)}`,
        {
          field,
          hint: `ranges look like ${field}:[10 TO 20]`,
        },
      );
    }
    const max = this.value(field);
    const close = this.next();
    if (close.type !== ']') {
      throw fail(
        'syntax',
        close.position,
        `expected "]" to close the range of "${field}", got ${describe(close)}`,
        {
          field,
          hint: `ranges look like ${field}:[10 TO 20]`,
        },
      );
    }
    return { form: 'range', min, max, position };
  }

  private value(field: string): RawValue {
    const token = this.next();
    if (token.type === 'word' || token.type === 'string') {
      return { text: token.text, position: token.position, quoted: token.type === 'string' };
    }
    throw fail(
      'syntax',
      token.position,
      `expected a value for "${field}", got ${describe(token)}`,
      {
        field,
      },
    );
  }
}

/**
 * Parses search DSL text (spec §2) into a {@link SearchQuery}. Blank text is the empty query
 * (every offering). Field names and the keywords `AND`, `OR`, `TO` are case-insensitive;
 * whitespace may surround `:`, brackets and operators.
 *
 * @example
 * parseSearchQuery('type:gpu price:<=100 country:US')
 * // { clauses: [{ kind: 'enum', field: 'type', negated: false, values: ['gpu'] }, ...] }
 *
 * @throws TypeError if `text` is not a string.
 * @throws SearchQueryError for any text that is not a valid query; its `position` and message
 *   point at the first problem.
 */
export function parseSearchQuery(text: string): SearchQuery {
  if (typeof text !== 'string') {
    throw new TypeError(`"text" must be a string, got ${text === null ? 'null' : typeof text}`);
  }
  if (text.length > SEARCH_MAX_QUERY_LENGTH) {
    throw fail('too_long', SEARCH_MAX_QUERY_LENGTH, `query is ${text.length} characters long`, {
      hint: `at most ${SEARCH_MAX_QUERY_LENGTH} are allowed`,
    });
  }
  return new Parser(tokenize(text)).query();
}
