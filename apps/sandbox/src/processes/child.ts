import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Readable } from 'node:stream';

/** How a child process ended. */
export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** What {@link startChild} runs. */
export interface ChildOptions {
  /** Shown in errors ("the API", "dc-agent"). */
  readonly name: string;
  /** Arguments of `node` (the script first). */
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Its stdout and stderr are appended here (mode 0600). */
  readonly logFile: string;
}

/** Children still running, killed when this process exits without stopping them. */
const running = new Set<ChildProcessByStdio<null, Readable, Readable>>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // The children run in their own process group (Ctrl-C in the terminal reaches only us, so we
  // can stop them in order); if we end without stopping them, they must not outlive us.
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/** Keeps the last `max` characters written, for error messages. */
class Tail {
  #text = '';
  constructor(private readonly max: number) {}
  push(chunk: string): void {
    this.#text = (this.#text + chunk).slice(-this.max);
  }
  get text(): string {
    return this.#text;
  }
}

/**
 * A node child process of the sandbox (the API, the agent), logging to a file, in its own
 * process group.
 */
export class ManagedChild {
  readonly #child: ChildProcessByStdio<null, Readable, Readable>;
  readonly #log: WriteStream;
  readonly #tail = new Tail(8_000);
  readonly #stderrTail = new Tail(4_000);
  readonly #lineListeners = new Set<(line: string) => void>();
  readonly exited: Promise<ChildExit>;
  #partial = '';

  constructor(private readonly options: ChildOptions) {
    installExitHook();
    this.#log = createWriteStream(options.logFile, { flags: 'a', mode: 0o600 });
    this.#child = spawn(process.execPath, [...options.args], {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(this.#child);
    this.#child.stdout.on('data', (chunk: Buffer) => this.#write(chunk, true));
    this.#child.stderr.on('data', (chunk: Buffer) => this.#write(chunk, false));
    this.exited = new Promise<ChildExit>((resolve) => {
      this.#child.once('error', (error) => {
        this.#tail.push(`\n${error.message}\n`);
      });
      this.#child.once('close', (code, signal) => {
        running.delete(this.#child);
        if (this.#partial !== '') this.#emit(this.#partial);
        this.#partial = '';
        this.#log.end();
        resolve({ code, signal });
      });
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** Whether it is still running. */
  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** The last few thousand characters it wrote on stderr (crashes land there). */
  get stderrTail(): string {
    return this.#stderrTail.text;
  }

  /** The last few thousand characters it wrote. */
  get tail(): string {
    return this.#tail.text;
  }

  #write(chunk: Buffer, stdout: boolean): void {
    this.#log.write(chunk);
    const text = chunk.toString('utf8');
    this.#tail.push(text);
    if (!stdout) {
      this.#stderrTail.push(text);
      return;
    }
    const lines = (this.#partial + text).split('\n');
    this.#partial = lines.pop() ?? '';
    for (const line of lines) this.#emit(line);
  }

  #emit(line: string): void {
    for (const listener of this.#lineListeners) listener(line);
  }

  /** Calls `listener` with every later stdout line; returns a function that stops it. */
  onStdoutLine(listener: (line: string) => void): () => void {
    this.#lineListeners.add(listener);
    return () => this.#lineListeners.delete(listener);
  }

  /**
   * Resolves with the first stdout line (JSON) that `match` accepts; fails when the process
   * exits first or after `timeoutMs`, with what it wrote.
   */
  waitForJsonLine<T>(
    what: string,
    match: (entry: Record<string, unknown>) => T | undefined,
    timeoutMs: number,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let waiting = true;
      const done = () => {
        waiting = false;
        clearTimeout(timer);
        unsubscribe();
      };
      const listener = (line: string) => {
        const entry = jsonLine(line);
        const found = entry === undefined ? undefined : match(entry);
        if (found === undefined) return;
        done();
        resolve(found);
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(
            `${this.options.name} did not report ${what} within ${timeoutMs / 1000} s; its log is ${this.options.logFile}:\n${this.tail}`,
          ),
        );
      }, timeoutMs);
      const unsubscribe = this.onStdoutLine(listener);
      void this.exited.then((exit) => {
        if (!waiting) return;
        done();
        reject(
          new Error(
            `${this.options.name} exited (${exit.code ?? exit.signal}) before it reported ${what}; its log is ${this.options.logFile}:\n${this.tail}`,
          ),
        );
      });
    });
  }

  /** SIGTERM, then waits for the exit; SIGKILL after `timeoutMs`. */
  async stop(timeoutMs: number): Promise<ChildExit> {
    if (this.running) this.#child.kill('SIGTERM');
    const kill = setTimeout(() => this.#child.kill('SIGKILL'), timeoutMs);
    const exit = await this.exited;
    clearTimeout(kill);
    return exit;
  }
}

/** Runs a node script to completion (killed after `timeoutMs`); its output goes to the log too. */
export async function runToCompletion(
  options: ChildOptions,
  timeoutMs = 60_000,
): Promise<ChildExit & { stdout: string; output: string }> {
  const child = new ManagedChild(options);
  let stdout = '';
  child.onStdoutLine((line) => {
    stdout += `${line}\n`;
  });
  const kill = setTimeout(() => void child.stop(0), timeoutMs);
  const exit = await child.exited;
  clearTimeout(kill);
  return { ...exit, stdout, output: child.tail };
}

/** One JSON log line as an object, or undefined when it is not one. */
export function jsonLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
