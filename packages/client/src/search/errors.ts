import { DcError } from '../errors/base';

/**
 * Stable reasons a search query was refused. Callers (the dashboard, the API's 400 body) branch
 * on `code`, never on the message, so codes keep their meaning forever.
 */
export type SearchQueryErrorCode =
  | 'syntax'
  | 'unknown_field'
  | 'invalid_value'
  | 'invalid_unit'
  | 'unsupported_operator'
  | 'too_long'
  | 'too_many_clauses'
  | 'too_many_values';

/**
 * The one error of the search DSL: the query text is not a valid query. `position` is the
 * 0-based offset into the query text of the character at fault (the text's length when the
 * query ended too early), so an editor can put the caret there. The message is one line that
 * names the field (when there is one) and the position and says what would be accepted, e.g.
 * `unknown field "colour" at position 5; known fields: name, description, ...`.
 */
export class SearchQueryError extends DcError {
  override name = 'SearchQueryError';
  /** Stable reason, safe to branch on and to return in an API error body. */
  readonly code: SearchQueryErrorCode;
  /** 0-based offset of the offending character in the query text. */
  readonly position: number;
  /** The field of the clause at fault as written (lower-case if known), when there is one. */
  readonly field: string | undefined;

  constructor(
    code: SearchQueryErrorCode,
    message: string,
    position: number,
    field?: string | undefined,
  ) {
    super(message);
    this.code = code;
    this.position = position;
    this.field = field;
  }
}
