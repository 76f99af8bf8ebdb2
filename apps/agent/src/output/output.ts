import pc from 'picocolors';
import { type Logger, pino } from 'pino';
import yoctoSpinner from 'yocto-spinner';
import { REDACT_PATHS } from './redact';

/** Structured fields of a message (JSON output); never secrets. */
export type Fields = Readonly<Record<string, unknown>>;

/** How a command talks to the person or program that ran it. */
export interface Output {
  /** `human`: lines for a person (colours in a terminal); `json`: one pino JSON object a line. */
  readonly mode: 'human' | 'json';
  info(message: string, fields?: Fields): void;
  success(message: string, fields?: Fields): void;
  /** Something to look at that does not fail the command. */
  warn(message: string, fields?: Fields): void;
  /** What failed and how to fix it (one line). */
  error(message: string, fields?: Fields): void;
  /** Runs a long step: a spinner in a terminal, nothing extra otherwise. */
  step<T>(label: string, work: () => Promise<T>): Promise<T>;
  /** The command's outcome: `human` lines for a person, `fields` as one JSON line. */
  result(message: string, fields: Fields, human: readonly string[]): void;
  /** JSON logs for the runtime and the provisioners (in human mode: warnings on stderr). */
  readonly logger: Logger;
}

/** Where and how output is written. */
export interface OutputOptions {
  readonly json: boolean;
  /** pino level of the runtime's logs in JSON mode (default `info`). */
  readonly logLevel?: string;
  /** Write human output with spinners (stdout is a terminal). */
  readonly interactive: boolean;
  readonly stdout?: NodeJS.WritableStream;
  readonly stderr?: NodeJS.WritableStream;
  /**
   * JSON mode: gather log lines and write them together, at least every
   * {@link LOG_FLUSH_INTERVAL_MS} (the daemon, `run`); otherwise each line at once.
   */
  readonly batchLogs?: boolean;
  /** JSON mode: the file descriptor log lines go to (default 1, stdout). */
  readonly logFd?: number;
}

/** How long a batched log line may wait to be written, ms. */
export const LOG_FLUSH_INTERVAL_MS = 1_000;
/** Batched lines are written once this many bytes are waiting. */
const LOG_BATCH_BYTES = 4_096;

/**
 * Lines are written synchronously on the main thread, never through a worker thread: pino's
 * asynchronous destination was measured (`pnpm bench`) to cost more CPU per line, since every
 * line is handed to a libuv worker and back. With `batch`, lines wait in a buffer until 4 KiB
 * are there or a second has passed, so a busy daemon makes one `write` for many lines; pino
 * writes what is left when the process exits. A `kill -9` could lose that last second, so a
 * warning or error (an orphan deleted, a report refused) is written at once, with what waits
 * before it: the lines an operator needs after a crash are never the ones lost.
 */
function jsonLogger(level: string, fd: number, batch = false): Logger {
  const destination = pino.destination({
    dest: fd,
    sync: true,
    ...(batch ? { minLength: LOG_BATCH_BYTES, periodicFlush: LOG_FLUSH_INTERVAL_MS } : {}),
  });
  const flushFrom = pino.levels.values['warn'] ?? 40;
  return pino(
    {
      level,
      ...(batch
        ? {
            hooks: {
              logMethod(args, method, lineLevel) {
                method.apply(this, args);
                if (lineLevel >= flushFrom) destination.flushSync();
              },
            },
          }
        : {}),
      base: { pid: process.pid },
      redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** One Output: human lines when `json` is false, JSON lines (pino, stdout) otherwise. */
export function createOutput(options: OutputOptions): Output {
  if (options.json)
    return jsonOutput(options.logLevel ?? 'info', options.batchLogs === true, options.logFd ?? 1);
  return humanOutput(options);
}

function jsonOutput(level: string, batch: boolean, fd: number): Output {
  const logger = jsonLogger(level, fd, batch);
  return {
    mode: 'json',
    logger,
    info: (message, fields = {}) => logger.info(fields, message),
    success: (message, fields = {}) => logger.info({ ok: true, ...fields }, message),
    warn: (message, fields = {}) => logger.warn(fields, message),
    error: (message, fields = {}) => logger.error(fields, message),
    step: (_label, work) => work(),
    result: (message, fields) => logger.info(fields, message),
  };
}

function humanOutput(options: OutputOptions): Output {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const line = (stream: NodeJS.WritableStream, text: string) => stream.write(`${text}\n`);
  return {
    mode: 'human',
    // The person reads the lines below; the runtime's own logs only when something is wrong.
    logger: jsonLogger(
      options.logLevel === 'debug' || options.logLevel === 'trace' ? options.logLevel : 'warn',
      2,
    ),
    info: (message) => line(stdout, message),
    success: (message) => line(stdout, `${pc.green('✓')} ${message}`),
    warn: (message) => line(stderr, `${pc.yellow('!')} ${message}`),
    error: (message) => line(stderr, `${pc.red('✗')} ${message}`),
    async step(label, work) {
      if (!options.interactive) return work();
      const spinner = yoctoSpinner({ text: label, stream: stderr as NodeJS.WriteStream }).start();
      try {
        const value = await work();
        spinner.stop();
        return value;
      } catch (error) {
        spinner.stop();
        throw error;
      }
    },
    result: (_message, _fields, human) => {
      for (const text of human) line(stdout, text);
    },
  };
}
