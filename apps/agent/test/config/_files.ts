import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A fresh folder removed after the test. */
export function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'dc-agent-config-'));
  folders.push(folder);
  return folder;
}

/** Writes `text` to `name` in `folder` with `mode`; returns the path. */
export function writeFile(folder: string, name: string, text: string, mode = 0o600): string {
  const path = join(folder, name);
  writeFileSync(path, text, { mode });
  chmodSync(path, mode);
  return path;
}
