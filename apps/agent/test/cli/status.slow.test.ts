import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RuntimeStatus } from '../../src/runtime';
import { cli, tempFolder } from './_cli';

/** A config whose state folder holds `status` (none for null); the config path. */
function agentWithStatus(status: Partial<RuntimeStatus> | null = {}): {
  config: string;
  statusFile: string;
} {
  const folder = tempFolder();
  const config = join(folder, 'dc-agent.toml');
  writeFileSync(
    config,
    '[api]\nurl = "http://127.0.0.1:1"\n\n[agent]\nregion = "europe"\nstate_dir = "state"\n\n[provisioners.docker]\n',
  );
  const statusFile = join(folder, 'state', 'status.json');
  if (status !== null) {
    mkdirSync(join(folder, 'state'));
    writeFileSync(statusFile, JSON.stringify({ ...STATUS, ...status }));
  }
  return { config, statusFile };
}

const STATUS: RuntimeStatus = {
  pid: process.pid,
  version: '0.1.0',
  api_url: 'http://127.0.0.1:1',
  agent_key: 'ab'.repeat(32),
  started_at: '2026-03-01T09:00:00.000Z',
  updated_at: '2026-03-01T09:10:00.000Z',
  state: 'running',
  api: { state: 'reachable', since: '2026-03-01T09:00:01.000Z', last_error: null },
  concurrency: 4,
  jobs: [
    {
      job_id: 'job-1',
      kind: 'provision',
      contract_id: 'contract-1',
      attempt: 1,
      started_at: '2026-03-01T09:09:00.000Z',
    },
  ],
  last_heartbeat_at: '2026-03-01T09:09:30.000Z',
  last_reconcile_at: null,
  last_health_at: null,
  orphans: [],
};

describe('dc-agent status', () => {
  it('shows what a running agent is doing', async () => {
    const { config } = agentWithStatus();
    const run = await cli(['status', '--config', config, '--human']);
    expect(run.stdout).toContain(
      `dc-agent 0.1.0 is running (pid ${process.pid}, started 2026-03-01T09:00:00.000Z)`,
    );
    expect(run.stdout).toContain('jobs:       1 of 4 slots busy');
    expect(run.stdout).toContain(
      '- provision of contract contract-1 (job job-1, attempt 1, since 2026-03-01T09:09:00.000Z)',
    );
    expect(run.stdout).toContain('reconcile:  never');
    expect(run.code).toBe(0);
  });

  it('gives the status as one JSON object', async () => {
    const { config } = agentWithStatus();
    const run = await cli(['status', '--config', config]);
    expect(run.json).toEqual([
      expect.objectContaining({ msg: 'status', running: true, jobs: STATUS.jobs }),
    ]);
    expect(run.code).toBe(0);
  });

  it('says the agent is not running when there is no status file (exit 1)', async () => {
    const { config, statusFile } = agentWithStatus(null);
    const run = await cli(['status', '--config', config, '--human']);
    expect(run.stderr).toBe(
      `✗ the agent is not running: no ${statusFile} (start it with dc-agent run)\n`,
    );
    expect(run.code).toBe(1);
  });

  it('does not trust a status file whose process is gone', async () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    const { config, statusFile } = agentWithStatus({ pid: gone });
    const run = await cli(['status', '--config', config, '--human']);
    expect(run.stderr).toBe(
      `✗ the agent is not running: pid ${gone}, which wrote ${statusFile}, is gone (last update 2026-03-01T09:10:00.000Z); it did not stop cleanly, check its logs\n`,
    );
    expect(run.code).toBe(1);
  });

  it('says when the agent stopped cleanly', async () => {
    const { config } = agentWithStatus({ state: 'stopped' });
    const run = await cli(['status', '--config', config, '--human']);
    expect(run.stderr).toBe('✗ the agent is not running: it stopped at 2026-03-01T09:10:00.000Z\n');
    expect(run.code).toBe(1);
  });
});
