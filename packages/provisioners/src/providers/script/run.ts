import { spawn } from 'node:child_process';
import { ProvisionerError } from '../../errors';

/** What {@link runScript} runs and how long it lets it. */
export interface RunOptions {
  /** argv: the executable and its arguments; no shell. */
  readonly command: readonly string[];
  /** Written to stdin, then stdin is closed. */
  readonly input: string;
  /** The whole environment of the child. */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd?: string | undefined;
  readonly timeoutMs: number;
  readonly maxStdoutBytes: number;
  readonly maxStderrBytes: number;
  readonly signal?: AbortSignal | undefined;
}

/** Why the agent killed a script. */
export type KillReason = 'timeout' | 'stdout_cap' | 'stderr_cap' | 'aborted';

/** How a run ended. */
export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  /** Exit code, `null` when a signal ended it. */
  readonly exitCode: number | null;
  readonly exitSignal: NodeJS.Signals | null;
  /** Set when the agent killed it. */
  readonly killed: KillReason | undefined;
  readonly ms: number;
}

// After the script exits, how long to wait for a leftover child that still holds its stdout.
const DRAIN_AFTER_EXIT_MS = 500;

/**
 * Runs a provider script: its own process group (`detached`), input on stdin, stdout and
 * stderr collected up to their caps. On timeout, a cap exceeded or an abort, the whole group is
 * killed with SIGKILL, so children the script forked die with it. A script that exits normally
 * keeps its children (it may have started a VM process on purpose). Resolves however the
 * script ended; rejects only when it could not be started.
 */
export function runScript(o: RunOptions): Promise<RunResult> {
  const [file, ...args] = o.command;
  if (file === undefined)
    return Promise.reject(new ProvisionerError('invalid_config', 'script command is empty'));
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...o.env },
      ...(o.cwd !== undefined ? { cwd: o.cwd } : {}),
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrBytes = 0;
    let killed: KillReason | undefined;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let done = false;
    let drain: NodeJS.Timeout | undefined;

    const killGroup = (reason: KillReason) => {
      killed ??= reason;
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group is already gone.
      }
    };
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(drain);
      o.signal?.removeEventListener('abort', onAbort);
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve({
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        exitCode: exit?.code ?? null,
        exitSignal: exit?.signal ?? null,
        killed,
        ms: Date.now() - started,
      });
    };

    child.stdout?.on('data', (chunk: Buffer) => {
      if (killed !== undefined) return;
      stdoutBytes += chunk.length;
      if (stdoutBytes > o.maxStdoutBytes) return killGroup('stdout_cap');
      stdout.push(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (killed !== undefined) return;
      stderrBytes += chunk.length;
      if (stderrBytes > o.maxStderrBytes) {
        // Keep what fits: its tail explains the failure.
        stderr.push(
          chunk.subarray(0, Math.max(0, o.maxStderrBytes - (stderrBytes - chunk.length))),
        );
        return killGroup('stderr_cap');
      }
      stderr.push(chunk);
    });
    // A script that exits without reading its input closes the pipe: not our failure.
    child.stdin?.on('error', () => {});
    child.on('error', (error: NodeJS.ErrnoException) => {
      // With a pid the script did start; later errors (a failed kill) change nothing.
      if (done || child.pid !== undefined) return;
      done = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      const why =
        error.code === 'ENOENT'
          ? 'no such file'
          : error.code === 'EACCES'
            ? 'not executable'
            : error.message;
      reject(
        new ProvisionerError(
          'invalid_config',
          `cannot run the provider script ${file}: ${why} (check "command" in the script config)`,
          { cause: error },
        ),
      );
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      drain = setTimeout(finish, DRAIN_AFTER_EXIT_MS);
    });
    child.on('close', finish);

    const timer = setTimeout(() => killGroup('timeout'), o.timeoutMs);
    const onAbort = () => killGroup('aborted');
    if (o.signal?.aborted) onAbort();
    else o.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdin?.end(o.input);
  });
}
