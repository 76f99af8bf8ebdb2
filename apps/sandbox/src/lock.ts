import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

/** Whether a process with this pid runs (and is not us). */
function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Throws when another sandbox process holds `path` (two platforms on one embedded database
 * would corrupt it). A lock left by a process that is gone does not count.
 */
export function assertUnlocked(path: string, dataDir: string): void {
  if (!existsSync(path)) return;
  const pid = Number(readFileSync(path, 'utf8').trim());
  if (alive(pid)) {
    throw new Error(
      `another local sandbox (pid ${pid}) is using ${dataDir}; stop it first (Ctrl-C in its terminal)`,
    );
  }
}

/** Takes the lock (our pid in `path`); returns the function that releases it. */
export function takeLock(path: string, dataDir: string): () => void {
  assertUnlocked(path, dataDir);
  writeFileSync(path, `${process.pid}\n`, { mode: 0o600 });
  return () => {
    if (existsSync(path) && Number(readFileSync(path, 'utf8').trim()) === process.pid) {
      rmSync(path, { force: true });
    }
  };
}
