import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ORPHANS_FILE, OrphanStore } from '../../src/runtime/orphans-store';

const silent = pino({ level: 'silent' });
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dc-agent-orphans-'));
  dirs.push(dir);
  return dir;
}

const T0 = Date.parse('2026-03-01T09:00:00Z');

describe('orphan timers on disk', () => {
  it('keeps the first time an instance was seen unclaimed across restarts', async () => {
    const dir = stateDir();
    const first = OrphanStore.load(dir, silent);
    expect(first.firstSeen('hetzner', '4200001', null, T0)).toBe(T0);
    await first.save();
    const again = OrphanStore.load(dir, silent);
    // Seen again an hour later by a restarted agent: the grace period did not restart.
    expect(again.firstSeen('hetzner', '4200001', null, T0 + 3_600_000)).toBe(T0);
    expect(again.list()).toEqual([
      {
        provisioner: 'hetzner',
        external_id: '4200001',
        contract_id: null,
        first_seen_at: '2026-03-01T09:00:00.000Z',
      },
    ]);
  });

  it('writes the file readable by the owner only (0600)', async () => {
    const dir = stateDir();
    const store = OrphanStore.load(dir, silent);
    store.firstSeen('hetzner', '4200001', null, T0);
    await store.save();
    expect(statSync(join(dir, ORPHANS_FILE)).mode & 0o777).toBe(0o600);
  });

  it('is replaced atomically: a reader never sees half a file, and no temp file is left', async () => {
    const dir = stateDir();
    const store = OrphanStore.load(dir, silent);
    const path = join(dir, ORPHANS_FILE);
    const reads: unknown[] = [];
    let writing = true;
    const reader = (async () => {
      while (writing) {
        try {
          reads.push(JSON.parse(readFileSync(path, 'utf8')));
        } catch (error) {
          // Only "not there yet" is acceptable; a parse error would be a torn write.
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    for (let i = 0; i < 60; i++) {
      // Large enough that a non-atomic write would be visible half-done.
      for (let j = 0; j < 20; j++)
        store.firstSeen('hetzner', `${i}-${j}-${'x'.repeat(100)}`, null, T0);
      await store.save();
    }
    writing = false;
    await reader;
    expect(reads.length).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(path, 'utf8')).orphans).toHaveLength(1200);
    expect(readdirSync(dir)).toEqual([ORPHANS_FILE]);
  });

  it('forgets an instance that was claimed, terminated or disappeared', async () => {
    const store = OrphanStore.load(stateDir(), silent);
    store.firstSeen('hetzner', 'a', null, T0);
    store.firstSeen('hetzner', 'b', null, T0);
    store.firstSeen('proxmox', 'pve/101', null, T0);
    store.forget('hetzner', 'a');
    // Listed: hetzner (b gone); proxmox could not be listed, so its timer stays.
    store.retain(new Set<string>(), new Set(['hetzner']));
    expect(store.list().map((o) => `${o.provisioner}/${o.external_id}`)).toEqual([
      'proxmox/pve/101',
    ]);
  });

  it('starts afresh from an unreadable file, which only makes grace periods longer', async () => {
    const dir = stateDir();
    writeFileSync(join(dir, ORPHANS_FILE), '{"version": 1, "orphans": [tor', { mode: 0o600 });
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    const store = OrphanStore.load(dir, logger);
    expect(store.list()).toEqual([]);
    expect(lines.join('')).toContain('orphan timers unreadable');
    await store.save();
    expect(JSON.parse(readFileSync(join(dir, ORPHANS_FILE), 'utf8'))).toEqual({
      version: 1,
      orphans: [],
    });
  });
});
