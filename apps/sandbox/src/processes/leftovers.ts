import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** A child process the sandbox started, as recorded in `<dataDir>/sandbox/children.json`. */
interface RecordedChild {
  readonly name: string;
  readonly pid: number;
  /** Part of its command line (the script), so an unrelated process with a reused pid is spared. */
  readonly script: string;
}

/** The command line of a running process, or undefined when there is none. */
function commandOf(pid: number): string | undefined {
  try {
    return execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/** Keeps the list of running children on disk, for {@link stopLeftovers} after a crash. */
export class ChildRecord {
  readonly #children: RecordedChild[] = [];
  constructor(private readonly path: string) {}

  add(name: string, pid: number | undefined, script: string): void {
    if (pid === undefined) return;
    this.#children.push({ name, pid, script });
    writeFileSync(this.path, JSON.stringify(this.#children), { mode: 0o600 });
  }

  clear(): void {
    this.#children.length = 0;
    writeFileSync(this.path, '[]', { mode: 0o600 });
  }
}

/**
 * Stops the API and agent a previous start left running when it was killed without stopping
 * them (kill -9): the children run in their own process group, and two APIs on one embedded
 * database would corrupt it. Returns what it stopped.
 */
export async function stopLeftovers(path: string): Promise<string[]> {
  if (!existsSync(path)) return [];
  const recorded = JSON.parse(readFileSync(path, 'utf8')) as RecordedChild[];
  const stopped: string[] = [];
  for (const child of recorded) {
    if (!commandOf(child.pid)?.includes(child.script)) continue;
    process.kill(child.pid, 'SIGTERM');
    const deadline = Date.now() + 15_000;
    while (commandOf(child.pid) !== undefined && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    if (commandOf(child.pid) !== undefined) process.kill(child.pid, 'SIGKILL');
    stopped.push(`${child.name} (pid ${child.pid})`);
  }
  writeFileSync(path, '[]', { mode: 0o600 });
  return stopped;
}
