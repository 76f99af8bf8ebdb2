import { closeSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import writeFileAtomic from 'write-file-atomic';

/**
 * Writes `value` as JSON to `path` atomically (a temporary file renamed over the old one, so a
 * crash leaves the old or the new content, never half of one), readable by the owner only:
 * state files name servers and contracts. Durable (fsynced) before it resolves.
 */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`, {
    mode: 0o600,
    fsync: true,
  });
}

let sequence = 0;

/**
 * {@link writeJsonAtomic} for a file that changes often and need not survive a power cut (the
 * status file): synchronous and not fsynced. A few system calls on the main thread instead of
 * write-file-atomic's dozen thread-pool round trips (path resolution, ownership, fsync), which
 * cost more CPU than the write on a busy machine. Atomic all the same: readers see the old or
 * the new file.
 */
export function writeJsonAtomicSync(path: string, value: unknown): void {
  sequence += 1;
  const temporary = `${path}.${process.pid}.${sequence}.tmp`;
  // `wx`: never follows or reuses a file someone else put there; 0600 from creation.
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(value, null, 2)}\n`);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // Already gone; the rename error is the one that matters.
    }
    throw error;
  }
}
