import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RuntimeStatus, STATUS_FILE } from '../../runtime';
import type { CommandContext } from '../context';
import { CliError } from '../exit';

/** Whether a process with this id exists (EPERM: it does, run by another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readStatus(path: string): RuntimeStatus | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as RuntimeStatus;
  } catch {
    throw new CliError(`${path} is not a status file the agent wrote (not JSON); delete it`);
  }
}

const ago = (iso: string | null, now: number): string => {
  if (iso === null) return 'never';
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 120) return `${iso} (${seconds} s ago)`;
  return `${iso} (${Math.round(seconds / 60)} min ago)`;
};

/** The human lines of a running agent's status. */
function describe(status: RuntimeStatus, now: number): string[] {
  const api =
    status.api.state === 'reachable'
      ? 'reachable'
      : `${status.api.state}${status.api.since ? ` since ${status.api.since}` : ''}${status.api.last_error ? `: ${status.api.last_error}` : ''}`;
  return [
    `dc-agent ${status.version} is ${status.state} (pid ${status.pid}, started ${status.started_at})`,
    `  API:        ${status.api_url} ${api}`,
    `  jobs:       ${status.jobs.length} of ${status.concurrency} slots busy`,
    ...status.jobs.map(
      (job) =>
        `    - ${job.kind} of contract ${job.contract_id} (job ${job.job_id}, attempt ${job.attempt}, since ${job.started_at})`,
    ),
    `  heartbeat:  ${ago(status.last_heartbeat_at, now)}`,
    `  reconcile:  ${ago(status.last_reconcile_at, now)}`,
    `  health:     ${ago(status.last_health_at, now)}`,
    `  orphans:    ${status.orphans.length === 0 ? 'none' : status.orphans.length}`,
    ...status.orphans.map(
      (orphan) =>
        `    - ${orphan.provisioner} ${orphan.external_id} (contract ${orphan.contract_id ?? 'unknown'}), deleted after ${orphan.terminate_after}`,
    ),
  ];
}

/**
 * `dc-agent status`: what the running agent is doing, from `<state_dir>/status.json`. Exits 1
 * when no agent is running (no file, a stopped agent, or a pid that is gone).
 */
export function statusCommand(context: CommandContext): void {
  const config = context.agentConfig();
  const path = join(config.agent.stateDir, STATUS_FILE);
  const status = readStatus(path);
  if (status === undefined) {
    throw new CliError(`the agent is not running: no ${path} (start it with dc-agent run)`);
  }
  if (status.state === 'stopped') {
    throw new CliError(`the agent is not running: it stopped at ${status.updated_at}`);
  }
  if (!processAlive(status.pid)) {
    throw new CliError(
      `the agent is not running: pid ${status.pid}, which wrote ${path}, is gone (last update ${status.updated_at}); it did not stop cleanly, check its logs`,
    );
  }
  context.output.result('status', { running: true, ...status }, describe(status, Date.now()));
}
