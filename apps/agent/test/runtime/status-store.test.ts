import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type RuntimeStatus, STATUS_FILE, StatusStore } from '../../src/runtime/status-store';
import { waitFor } from '../support/runtime-harness';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const INITIAL: RuntimeStatus = {
  pid: 1,
  version: 't',
  api_url: 'http://api.test',
  agent_key: 'k',
  started_at: '',
  updated_at: '',
  state: 'running',
  api: { state: 'unknown', since: null, last_error: null },
  concurrency: 4,
  jobs: [],
  last_heartbeat_at: null,
  last_reconcile_at: null,
  last_health_at: null,
  orphans: [],
};

/** A store writing at most once a minute, so only urgent changes and flush() reach the disk. */
function store() {
  const dir = mkdtempSync(join(tmpdir(), 'dc-agent-status-'));
  dirs.push(dir);
  const status = new StatusStore(dir, INITIAL, pino({ level: 'silent' }), Date.now, 60_000);
  const onDisk = () =>
    JSON.parse(readFileSync(join(dir, STATUS_FILE), 'utf8')) as RuntimeStatus | undefined;
  return { status, onDisk, path: join(dir, STATUS_FILE) };
}

const macrotasks = async (n: number) => {
  for (let i = 0; i < n; i += 1) await new Promise((resolve) => setImmediate(resolve));
};

describe('status.json', () => {
  it('is written at once the first time, owner-only, then at most once per interval', async () => {
    const { status, onDisk, path } = store();
    status.update(() => ({ last_heartbeat_at: 'a' }));
    await waitFor('the first write', () => onDisk()?.last_heartbeat_at === 'a');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    // A burst of job changes inside the interval is held back ...
    for (const n of [1, 2, 3]) status.update(() => ({ last_heartbeat_at: `b${n}` }));
    await macrotasks(20);
    expect(onDisk()?.last_heartbeat_at).toBe('a');
    // ... and written once, latest state, by flush (a stopping agent).
    await status.flush();
    expect(onDisk()?.last_heartbeat_at).toBe('b3');
  });

  it('writes an urgent change without waiting out the interval', async () => {
    const { status, onDisk } = store();
    status.update(() => ({ last_heartbeat_at: 'a' }));
    await waitFor('the first write', () => onDisk()?.last_heartbeat_at === 'a');
    status.update(() => ({ last_heartbeat_at: 'b' }));
    status.update(() => ({ api: { state: 'unreachable', since: null, last_error: 'down' } }), {
      urgent: true,
    });
    const written = await waitFor('the urgent write', () => {
      const now = onDisk();
      return now?.api.state === 'unreachable' && now;
    });
    // The urgent write carries the held-back change too.
    expect(written.last_heartbeat_at).toBe('b');
  });
});
