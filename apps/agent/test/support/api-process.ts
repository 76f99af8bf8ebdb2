import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `apps/api` folder: the API server process runs from there. */
export const API_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'api');

/** How an API process ended. */
export interface ApiExit {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A running API server process (sandbox mode, PGlite in its own folder). */
export interface ApiProcess {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** The PGlite data folder: start another process on it to restart the same API. */
  readonly dataDir: string;
  readonly child: ChildProcess;
  /** Everything written so far (JSON log lines). */
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<ApiExit>;
  /**
   * SIGTERM, then waits for the exit (SIGKILL after 15 s). Removes the data folder when this
   * process created it, unless `keepData` (to restart on it).
   */
  stop(options?: {
    readonly keepData?: boolean;
    readonly signal?: NodeJS.Signals;
  }): Promise<ApiExit>;
}

/** Options of {@link startApiProcess}. */
export interface ApiProcessOptions {
  /** Extra environment (wins over the defaults). */
  readonly env?: Readonly<Record<string, string>>;
  /** Reuse a data folder (a restart); it is then removed by `stop` only with `ownDataDir`. */
  readonly dataDir?: string;
  readonly ownDataDir?: boolean;
  /** A fixed port (a restart on the same URL); default any free port. */
  readonly port?: number;
  readonly timeoutMs?: number;
}

/**
 * How to run the API: its bundle `dist/main.js` when it is at least as new as every source file
 * (turbo builds it before these tests), else the sources through tsx. The bundle starts in a
 * fraction of the time: tsx transpiles the whole server first, which took over a minute on a CI
 * machine busy with every package's tests.
 */
function apiCommand(): string[] {
  const bundle = join(API_DIR, 'dist', 'main.js');
  if (existsSync(bundle)) {
    const built = statSync(bundle).mtimeMs;
    const sources = readdirSync(join(API_DIR, 'src'), { recursive: true, withFileTypes: true });
    const stale = sources.some(
      (entry) => entry.isFile() && statSync(join(entry.parentPath, entry.name)).mtimeMs > built,
    );
    if (!stale) return [bundle];
  }
  return ['--import', 'tsx', 'src/main.ts'];
}

/**
 * Spawns the API server (see {@link apiCommand}) in apps/api with `DC_SANDBOX=true` (the `sandbox`
 * payment rail works), a fresh PGlite folder, no rate limits worth hitting, and waits for its
 * JSON `listening` line. Only PATH and HOME of the test runner's environment reach it, so a
 * `DATABASE_URL` set there never does.
 */
export async function startApiProcess(options: ApiProcessOptions = {}): Promise<ApiProcess> {
  const ownsDataDir = options.dataDir === undefined || options.ownDataDir === true;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'dc-agent-api-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    ...(process.env['HOME'] ? { HOME: process.env['HOME'] } : {}),
    DC_DATA_DIR: dataDir,
    DC_API_HOST: '127.0.0.1',
    DC_API_PORT: String(options.port ?? 0),
    DC_SANDBOX: 'true',
    DC_LOG_LEVEL: 'info',
    DC_RATE_LIMIT_PER_IP: '1000000',
    DC_RATE_LIMIT_PER_KEY: '1000000',
    ...options.env,
  };
  const child = spawn(process.execPath, apiCommand(), {
    cwd: API_DIR,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<ApiExit>((resolve) =>
    child.once('close', (status, signal) => resolve({ status, signal })),
  );
  const removeData = () => rmSync(dataDir, { recursive: true, force: true });
  const url = await new Promise<string>((resolve, reject) => {
    const timeoutMs = options.timeoutMs ?? 150_000;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`the API did not log "listening" within ${timeoutMs} ms:\n${stdout}${stderr}`),
      );
    }, timeoutMs);
    let scanned = 0;
    let listening = false;
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (listening) return;
      const end = stdout.lastIndexOf('\n') + 1;
      for (const line of stdout.slice(scanned, end).split('\n')) {
        const entry = jsonLine(line);
        if (entry?.['msg'] === 'listening' && typeof entry['url'] === 'string') {
          listening = true;
          clearTimeout(timer);
          resolve(entry['url']);
        }
      }
      scanned = end;
    });
    void exited.then((result) => {
      // Only a process that never listened is cleaned up here; after that, stop() decides
      // (a restart keeps the data with keepData).
      if (listening) return;
      clearTimeout(timer);
      if (ownsDataDir) removeData();
      reject(new Error(`the API exited (${result.status}) before listening:\n${stdout}${stderr}`));
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    dataDir,
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    async stop(stopOptions = {}) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(stopOptions.signal ?? 'SIGTERM');
      }
      const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const result = await exited;
      clearTimeout(kill);
      if (ownsDataDir && stopOptions.keepData !== true) removeData();
      return result;
    },
  };
}

/** One log line as an object, or undefined when it is not JSON. */
export function jsonLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
