import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { AgentWorld } from './world';

/** The `apps/agent` folder: the CLI runs from here (tsx resolves from it). */
export const AGENT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The node arguments that run the CLI from source, as a provider's dev checkout does. */
const CLI = ['--import', 'tsx', 'src/cli/main.ts'];

/** Only what the CLI needs of the runner's environment, plus `env`. */
function cliEnv(env: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  return { PATH: process.env['PATH'] ?? '/usr/bin:/bin', NO_COLOR: '1', ...env };
}

/** How a process ended. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** An agent's folder: config file, key file (after registration) and state folder. */
export interface AgentFolder {
  readonly folder: string;
  readonly config: string;
  readonly stateDir: string;
  /** Environment the agent's secrets are read from (`{ env = "..." }` in the config). */
  readonly env: Readonly<Record<string, string>>;
  /** Removes the folder. */
  remove(): void;
}

/** What {@link prepareAgent} writes. */
export interface AgentSetup {
  /** The `[provisioners.*]` sections, TOML. */
  readonly provisioners: string;
  /** Extra `[agent]` keys (snake_case, as in the file): `concurrency`, `*_seconds`. */
  readonly agent?: Readonly<Record<string, number>>;
  /** Secrets the provisioner sections read with `{ env = "..." }`. */
  readonly env?: Readonly<Record<string, string>>;
  /** `api.url` when the agent is to go through something else (a proxy); default the world's. */
  readonly apiUrl?: string;
}

/**
 * Writes a config for `world`'s API and registers the agent key with `dc-agent register` (the
 * CLI creates the key, 0600) and a fresh setup token of the world's pool, as a provider does.
 */
export async function prepareAgent(world: AgentWorld, setup: AgentSetup): Promise<AgentFolder> {
  const folder = mkdtempSync(join(tmpdir(), 'dc-agent-e2e-'));
  const config = join(folder, 'dc-agent.toml');
  const extra = Object.entries(setup.agent ?? {})
    .map(([key, value]) => `${key} = ${value}\n`)
    .join('');
  writeFileSync(
    config,
    `[api]\nurl = "${setup.apiUrl ?? world.api.url}"\n\n[agent]\nregion = "europe"\n${extra}\n${setup.provisioners}`,
    { mode: 0o600 },
  );
  const token = await world.setupToken();
  const run = await runCli(['register', '--token', token, '--config', config]);
  if (run.exit.code !== 0) {
    rmSync(folder, { recursive: true, force: true });
    throw new Error(`dc-agent register failed (${run.exit.code}):\n${run.stdout}${run.stderr}`);
  }
  return {
    folder,
    config,
    stateDir: join(folder, 'dc-agent-state'),
    env: setup.env ?? {},
    remove: () => rmSync(folder, { recursive: true, force: true }),
  };
}

/** Runs the CLI to completion (killed after 60 s). */
export async function runCli(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<{ exit: ProcessExit; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [...CLI, ...args], {
    cwd: AGENT_DIR,
    env: cliEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const exit = await new Promise<ProcessExit>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  clearTimeout(timer);
  return { exit, stdout, stderr };
}

/** How {@link AgentProcess} runs the agent. */
export interface AgentProcessOptions {
  /**
   * `source` (default): `node --import tsx src/cli/main.ts`, always the current code;
   * `dist`: the bundle `dist/cli.js` providers install (`pnpm build` first).
   */
  readonly entry?: 'source' | 'dist';
  /** Extra node options, e.g. `--cpu-prof`. */
  readonly nodeArgs?: readonly string[];
}

/**
 * `dc-agent run --config <file>` as a child process (JSON lines, as under systemd). Output of
 * every run is kept, so a test can check all the agent ever wrote, across kills and restarts.
 */
export class AgentProcess {
  readonly #args: readonly string[];
  #child: ChildProcessByStdio<null, Readable, Readable> | undefined;
  #exited: Promise<ProcessExit> = Promise.resolve({ code: null, signal: null });
  #stdout = '';
  #stderr = '';
  #runs = 0;
  /** Exits of the runs that ended, in order. */
  readonly exits: ProcessExit[] = [];

  constructor(
    private readonly agent: AgentFolder,
    options: AgentProcessOptions = {},
  ) {
    const entry = options.entry === 'dist' ? ['dist/cli.js'] : CLI;
    this.#args = [...(options.nodeArgs ?? []), ...entry, 'run', '--config', agent.config];
  }

  /** Starts a run; throws if one is still going. */
  start(): this {
    if (this.running) throw new Error('the agent is already running');
    const child = spawn(process.execPath, this.#args, {
      cwd: AGENT_DIR,
      env: cliEnv(this.agent.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#runs += 1;
    child.stdout.on('data', (chunk: Buffer) => {
      this.#stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      this.#stderr += chunk.toString('utf8');
    });
    this.#exited = new Promise<ProcessExit>((resolve) =>
      child.once('close', (code, signal) => {
        const exit = { code, signal };
        this.exits.push(exit);
        resolve(exit);
      }),
    );
    this.#child = child;
    return this;
  }

  /** Whether a run is going (spawned, not exited). */
  get running(): boolean {
    const child = this.#child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  /** The pid of the current (or last) run. */
  get pid(): number {
    const pid = this.#child?.pid;
    if (pid === undefined) throw new Error('the agent was never started');
    return pid;
  }

  /** How many runs were started. */
  get runs(): number {
    return this.#runs;
  }

  /** Resolves when the current run has exited. */
  get exited(): Promise<ProcessExit> {
    return this.#exited;
  }

  /** SIGKILL (kill -9): no handler runs, nothing is flushed, leases stay held. */
  async kill9(): Promise<ProcessExit> {
    this.#child?.kill('SIGKILL');
    return this.#exited;
  }

  /** SIGTERM and waits for the exit (SIGKILL after `timeoutMs`). */
  async stop(timeoutMs = 60_000): Promise<ProcessExit> {
    if (!this.running) return this.#exited;
    this.#child?.kill('SIGTERM');
    const timer = setTimeout(() => this.#child?.kill('SIGKILL'), timeoutMs);
    const exit = await this.#exited;
    clearTimeout(timer);
    return exit;
  }

  /** stdout and stderr of every run so far. */
  output(): string {
    return `${this.#stdout}\n${this.#stderr}`;
  }

  /** stdout of every run so far. */
  stdout(): string {
    return this.#stdout;
  }

  /** stderr of every run so far. */
  stderr(): string {
    return this.#stderr;
  }

  /** The JSON log lines of every run so far. */
  logs(): Record<string, unknown>[] {
    const entries: Record<string, unknown>[] = [];
    for (const line of this.#stdout.split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        entries.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // A line cut by kill -9 mid-write.
      }
    }
    return entries;
  }

  /** The log lines with this `msg`. */
  logged(msg: string): Record<string, unknown>[] {
    return this.logs().filter((entry) => entry['msg'] === msg);
  }

  /** `<stateDir>/status.json` as the agent last wrote it, or undefined. */
  status(): AgentStatusFile | undefined {
    try {
      return JSON.parse(
        readFileSync(join(this.agent.stateDir, 'status.json'), 'utf8'),
      ) as AgentStatusFile;
    } catch {
      return undefined;
    }
  }
}

/** The parts of `status.json` the tests read. */
export interface AgentStatusFile {
  readonly pid: number;
  readonly state: string;
  readonly api: { readonly state: string };
  readonly jobs: readonly { readonly kind: string; readonly contract_id: string }[];
  readonly last_heartbeat_at: string | null;
  readonly last_reconcile_at: string | null;
  readonly orphans: readonly {
    readonly external_id: string;
    readonly contract_id: string | null;
    readonly first_seen_at: string;
    readonly terminate_after: string;
  }[];
}

/**
 * Polls `probe` until it gives something other than `undefined`/`false`, every `intervalMs`;
 * fails after `timeoutMs` naming `what` (and the probe's last error). Tests wait on
 * conditions with it, never on wall-clock sleeps.
 */
export async function until<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs = 60_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Runs `work` over `items` with at most `width` at once; results in input order. */
export async function inBatches<T, R>(
  items: readonly T[],
  width: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  return results;
}
