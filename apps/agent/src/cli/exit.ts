/** Exit codes of every command. */
export const EXIT = {
  ok: 0,
  /** The command ran and failed (API refused, check failed, agent not running). */
  failure: 1,
  /** Wrong usage or an unusable config: fix the command line or the file. */
  usage: 2,
} as const;

/** A failure a command reports as one actionable line (or several, for config problems). */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
    /** Further lines, each a problem of its own. */
    readonly lines: readonly string[] = [],
  ) {
    super(message);
  }
}
