/** One problem of a config file: where (key path and line) and what is allowed. */
export interface ConfigIssue {
  /** Dotted TOML key path, e.g. `provisioners.hetzner.base_url`; empty for the whole file. */
  readonly path: string;
  /** 1-based line of the key in the file, when it is there. */
  readonly line: number | undefined;
  readonly message: string;
}

/** `provisioners.hetzner.base_url (line 14): must be an http(s) URL`. */
export function formatIssue(issue: ConfigIssue): string {
  const where = issue.path === '' ? '' : issue.path;
  const line = issue.line === undefined ? '' : `(line ${issue.line})`;
  const head = [where, line].filter(Boolean).join(' ');
  return head === '' ? issue.message : `${head}: ${issue.message}`;
}

/** A config file that cannot be used; `issues` says every reason, one line each. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    /** The config file. */
    readonly file: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(
      `${file}: ${issues.length === 1 ? '1 problem' : `${issues.length} problems`}\n${issues.map(formatIssue).join('\n')}`,
    );
  }
}

/** Formats a key path (`['provisioners', 'hetzner', 'base_url']`) as TOML would write it. */
export function keyPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment) =>
      typeof segment === 'number'
        ? `[${segment}]`
        : /^[A-Za-z0-9_-]+$/.test(String(segment))
          ? String(segment)
          : JSON.stringify(String(segment)),
    )
    .join('.')
    .replaceAll('.[', '[');
}
