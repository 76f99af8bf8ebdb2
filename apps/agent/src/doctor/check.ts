/** The outcome of one doctor check. */
export type CheckStatus = 'ok' | 'warn' | 'error' | 'skipped';

/** One line of the doctor's report: a check and, when it failed, what to do about it. */
export interface CheckLine {
  /** Which check: `config`, `key`, `api`, `authorised`, `clock`, `provisioner:<name>`, `test-provision:<name>`. */
  readonly check: string;
  readonly status: CheckStatus;
  /** One sentence; for a failure, what to fix. */
  readonly message: string;
}

/** Receives each line as soon as its check has run. */
export type CheckSink = (line: CheckLine) => void;
