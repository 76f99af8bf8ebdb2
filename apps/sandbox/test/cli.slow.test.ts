// `pnpm start`'s process as a user runs it (src/main.ts through tsx): Ctrl-C stops the agent
// and the API and exits 0; after a kill -9 of it, which its children (in their own process
// group) outlive, the next start stops them before it opens the same database.
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../src/index';

const MINUTES = 60_000;
let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'dc-sandbox-cli-'));
});

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

interface Cli {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  output(): string;
  exited: Promise<number | null>;
}

/** Runs `src/main.ts` and resolves once it printed that it is ready. */
async function startCli(): Promise<Cli> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/main.ts', '--data-dir', dataDir, '--port', '0'],
    { cwd: join(import.meta.dirname, '..'), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  const ready = await Promise.race([
    new Promise<true>((resolve) => {
      const check = () => output.includes('Press Ctrl-C to stop.') && resolve(true);
      child.stdout.on('data', check);
    }),
    exited.then(() => false),
  ]);
  if (!ready) throw new Error(`pnpm start's process exited before it was ready:\n${output}`);
  return { child, output: () => output, exited };
}

/** The API and agent pids the running sandbox recorded. */
const recordedPids = () =>
  (
    JSON.parse(readFileSync(join(dataDir, 'sandbox', 'children.json'), 'utf8')) as {
      pid: number;
    }[]
  ).map((child) => child.pid);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('pnpm start as a process', () => {
  it(
    'Ctrl-C (SIGINT) stops the agent and the API and exits 0, keeping the data',
    async () => {
      const cli = await startCli();
      const pids = recordedPids();
      expect(pids).toHaveLength(2);
      expect(pids.every(alive)).toBe(true);
      cli.child.kill('SIGINT');
      expect(await cli.exited).toBe(0);
      expect(cli.output()).toContain('Local sandbox stopped. Data kept');
      expect(pids.filter(alive)).toEqual([]);
      expect(recordedPids()).toEqual([]);
    },
    10 * MINUTES,
  );

  it(
    'after a kill -9, the next start stops the API and agent left running first',
    async () => {
      const cli = await startCli();
      const pids = recordedPids();
      cli.child.kill('SIGKILL');
      await cli.exited;
      expect(pids.every(alive)).toBe(true);

      const lines: string[] = [];
      const sandbox = await startSandbox({ dataDir, port: 0, log: (line) => lines.push(line) });
      try {
        expect(lines.filter((line) => line.includes('left running by an earlier start'))).toEqual([
          `Stopped the API (pid ${pids[0]}), left running by an earlier start that was killed`,
          `Stopped dc-agent (pid ${pids[1]}), left running by an earlier start that was killed`,
        ]);
        expect(pids.filter(alive)).toEqual([]);
        expect(sandbox.seeded).toEqual([]);
      } finally {
        await sandbox.stop();
      }
    },
    10 * MINUTES,
  );
});
