/** Fields every {@link DcError} carries. */
export interface DcErrorParameters {
  readonly details?: string | undefined;
  readonly docsPath?: string | undefined;
  readonly cause?: unknown;
}

/**
 * Base of every error `@dc/client` throws. `shortMessage` is one sentence; `message` adds the
 * details and where to read more; `walk()` follows `cause` to the root.
 */
export class DcError extends Error {
  override name = 'DcError';
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly docsPath: string | undefined;

  constructor(shortMessage: string, params: DcErrorParameters = {}) {
    const lines = [shortMessage];
    if (params.details) lines.push('', `Details: ${params.details}`);
    if (params.docsPath) lines.push(`Docs: ${params.docsPath}`);
    super(lines.join('\n'), params.cause === undefined ? {} : { cause: params.cause });
    this.shortMessage = shortMessage;
    this.details = params.details;
    this.docsPath = params.docsPath;
  }

  /** The deepest `cause`, or the first one `predicate` accepts. */
  walk(predicate?: (error: unknown) => boolean): unknown {
    let current: unknown = this;
    while (current instanceof Error) {
      if (predicate?.(current)) return current;
      if (current.cause === undefined) return predicate ? null : current;
      current = current.cause;
    }
    return predicate ? (predicate(current) ? current : null) : current;
  }
}
