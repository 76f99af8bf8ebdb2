/** The logging a provisioner does: a pino-compatible subset, so the agent passes its pino logger. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  /** pino's level check; when present, debug work is skipped for disabled levels. */
  isLevelEnabled?(level: string): boolean;
}

/** Discards everything. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
