import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `apps/api` folder: the server process runs from here. */
export const API_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What a finished server process left behind. */
export interface ProcessResult {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The child's environment: only what Node needs plus `env`, so a `DATABASE_URL` in the test
 * runner's environment never leaks in, and a data folder of its own unless `env` names one.
 */
function childEnv(env: Record<string, string>): { env: NodeJS.ProcessEnv; cleanup: () => void } {
  const dataDir = env['DC_DATA_DIR'] ? undefined : mkdtempSync(join(tmpdir(), 'dc-api-proc-'));
  const base: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    // Never the real VIES (see startTestServer): port 9 refuses at once.
    DC_VIES_URL: 'http://127.0.0.1:9',
  };
  if (process.env['HOME']) base['HOME'] = process.env['HOME'];
  return {
    env: { ...base, ...(dataDir ? { DC_DATA_DIR: dataDir } : {}), ...env },
    cleanup: () => {
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function spawnServer(env: NodeJS.ProcessEnv, args: readonly string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: API_DIR,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * Runs `node --import tsx src/main.ts ...args` to completion (for `--help` and for settings that
 * must stop it), killing it if it is still running after `timeoutMs`.
 */
export async function runServerProcess(
  env: Record<string, string>,
  args: readonly string[] = [],
  timeoutMs = 30_000,
): Promise<ProcessResult> {
  const { env: fullEnv, cleanup } = childEnv(env);
  const child = spawnServer(fullEnv, args);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    const [status, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.once('close', (code, sig) => resolve([code, sig])),
    );
    return { status, signal, stdout, stderr };
  } finally {
    clearTimeout(timer);
    cleanup();
  }
}

/** A server process that has said it is listening. */
export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything written so far, as text. */
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited (and its output is complete). */
  readonly exited: Promise<ProcessResult>;
}

/**
 * Spawns the server process and waits for its `listening` log line (JSON, with the URL; so
 * `DC_LOG_LEVEL` must be info or lower). The caller stops it (SIGTERM) and awaits `exited`.
 */
export async function startServerProcess(
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<ServerProcess> {
  const { env: fullEnv, cleanup } = childEnv({ DC_API_PORT: '0', ...env });
  const child = spawnServer(fullEnv, []);
  let stdout = '';
  let stderr = '';
  const exited = new Promise<ProcessResult>((resolve) =>
    child.once('close', (status, signal) => {
      cleanup();
      resolve({ status, signal, stdout, stderr });
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`The server did not log "listening" within ${timeoutMs} ms:\n${stdout}${stderr}`),
      );
    }, timeoutMs);
    let scanned = 0;
    let listening = false;
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (listening) return;
      // Only complete lines not looked at yet: a busy server writes a line per request.
      const end = stdout.lastIndexOf('\n') + 1;
      for (const line of stdout.slice(scanned, end).split('\n')) {
        const entry = parseJsonLine(line);
        if (entry?.['msg'] === 'listening' && typeof entry['url'] === 'string') {
          listening = true;
          clearTimeout(timer);
          resolve(entry['url']);
        }
      }
      scanned = end;
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    void exited.then((result) => {
      clearTimeout(timer);
      reject(
        new Error(`The server exited (${result.status}) before listening:\n${stdout}${stderr}`),
      );
    });
  });
  return { url, child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** One log line as an object, or undefined when it is not JSON. */
export function parseJsonLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Kills a server process with SIGKILL (a crash: no shutdown hooks run) and waits for its exit. */
export async function killServerProcess(process: ServerProcess | undefined): Promise<void> {
  if (process === undefined || process.child.exitCode !== null) return;
  process.child.kill('SIGKILL');
  await process.exited;
}
