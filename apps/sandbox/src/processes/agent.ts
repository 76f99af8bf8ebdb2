import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Client, createSetupToken, listAgents } from '@dc/client';
import type { SandboxCloud } from '../cloud';
import { agentEntry } from '../paths';
import { type ChildOptions, jsonLine, ManagedChild, runToCompletion } from './child';

/** Where the sandbox agent keeps its config, key and state. */
export interface AgentFolder {
  readonly folder: string;
  readonly config: string;
  readonly logFile: string;
}

/** The agent's folder inside the sandbox's data folder. */
export function agentFolder(dataDir: string, logFile: string): AgentFolder {
  const folder = join(dataDir, 'agent');
  return { folder, config: join(folder, 'dc-agent.toml'), logFile };
}

/** The [agent] settings the sandbox changes from `dc-agent init`'s defaults, and why. */
const AGENT_SETTINGS: Readonly<Record<string, number>> = {
  // A healthy check confirms a delivery: a rented server turns active within half a minute.
  health_interval_seconds: 30,
  reconcile_interval_seconds: 60,
  // Ctrl-C should not wait long for a running job.
  shutdown_timeout_seconds: 10,
};

/** Only what the CLI needs: PATH, HOME, and the fake cloud's token. */
function agentEnv(cloud: SandboxCloud): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    ...(process.env['HOME'] ? { HOME: process.env['HOME'] } : {}),
    NO_COLOR: '1',
    HCLOUD_TOKEN: cloud.token,
  };
}

function cliOptions(agent: AgentFolder, cloud: SandboxCloud, args: string[]): ChildOptions {
  const entry = agentEntry();
  return {
    name: 'dc-agent',
    args: [entry, '--config', agent.config, '--json', ...args],
    env: agentEnv(cloud),
    cwd: dirname(dirname(entry)),
    logFile: agent.logFile,
  };
}

async function cli(agent: AgentFolder, cloud: SandboxCloud, args: string[]): Promise<string> {
  const run = await runToCompletion(cliOptions(agent, cloud, args));
  if (run.code !== 0) {
    throw new Error(
      `dc-agent ${args[0]} failed (${run.code ?? run.signal}); its log is ${agent.logFile}:\n${run.output}`,
    );
  }
  return run.stdout;
}

/**
 * `dc-agent init --non-interactive --force` (the key is kept, the config rewritten: the API's
 * and the fake cloud's ports change at every start), then the sandbox's settings: intervals,
 * and the Hetzner provisioner pointed at the local sandbox cloud. Returns the agent's public key.
 */
export async function initAgent(
  agent: AgentFolder,
  apiUrl: string,
  cloud: SandboxCloud,
): Promise<string> {
  mkdirSync(agent.folder, { recursive: true, mode: 0o700 });
  const output = await cli(agent, cloud, [
    'init',
    '--non-interactive',
    '--force',
    '--api-url',
    apiUrl,
    '--region',
    'europe',
    '--provisioner',
    'hetzner',
    '--key-file',
    './dc-agent.key',
    '--state-dir',
    './state',
  ]);
  const pubkey = output
    .split('\n')
    .map(jsonLine)
    .find((line) => line?.['msg'] === 'initialised')?.['agent_pubkey'];
  if (typeof pubkey !== 'string') {
    throw new Error(`dc-agent init did not report its key; its log is ${agent.logFile}`);
  }
  let config = readFileSync(agent.config, 'utf8');
  for (const [key, value] of Object.entries(AGENT_SETTINGS)) {
    const line = new RegExp(`^${key} = \\d+`, 'm');
    if (!line.test(config)) {
      throw new Error(`${agent.config}: dc-agent init wrote no "${key} = ..." line to change`);
    }
    config = config.replace(line, `${key} = ${value}`);
  }
  writeFileSync(agent.config, config, { mode: 0o600 });
  // The template ends with the [provisioners.hetzner] table, so these lines land in it.
  appendFileSync(
    agent.config,
    [
      '',
      '# LOCAL SANDBOX: the fake Hetzner Cloud that pnpm start runs, not api.hetzner.cloud.',
      `base_url = "${cloud.baseUrl}"`,
      'poll_interval_ms = 500',
      '',
    ].join('\n'),
  );
  return pubkey;
}

/**
 * Registers the agent key with a new setup token of the pool, unless an earlier start did
 * (the pool lists it, unrevoked and valid). Returns whether it registered now.
 */
export async function ensureAgentRegistered(
  agent: AgentFolder,
  cloud: SandboxCloud,
  provider: Client,
  poolId: string,
  pubkey: string,
): Promise<boolean> {
  const { items } = await listAgents(provider, {});
  const registered = items.some(
    (item) =>
      item.agent_pubkey === pubkey &&
      item.pool_id === poolId &&
      item.revoked_at === null &&
      Date.parse(item.not_after) > Date.now(),
  );
  if (registered) return false;
  const { token } = await createSetupToken(provider, {
    id: poolId,
    body: { expires_in_minutes: 5, agent_valid_days: 3650 },
  });
  await cli(agent, cloud, ['register', '--token', token]);
  return true;
}

/** `dc-agent run` as a child process (JSON logs to the agent's log file). */
export function runAgent(agent: AgentFolder, cloud: SandboxCloud): ManagedChild {
  return new ManagedChild(cliOptions(agent, cloud, ['run']));
}
