// `dc-agent run` as systemd runs it: a child process with a config, a registered key and the
// fake Hetzner; it works a contract and stops cleanly on SIGTERM and SIGINT with exit 0.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getContract, registerAgent } from '@dc/client';
import { FAKE_HETZNER_TOKEN, FakeHetznerCloud } from '@dc/provisioners/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyFile } from '../../src/identity/key-file';
import { type AgentWorld, startWorld } from '../support/world';
import { cli, spawnCli, tempFolder } from './_cli';

let world: AgentWorld;
let hetzner: FakeHetznerCloud;
beforeAll(async () => {
  hetzner = new FakeHetznerCloud();
  [world] = await Promise.all([startWorld({ provisioner: 'hetzner' }), hetzner.start()]);
});
afterAll(async () => {
  await Promise.all([world?.stop(), hetzner?.close()]);
});

async function registeredAgent(): Promise<{ config: string; stateDir: string }> {
  const folder = tempFolder();
  const identity = createKeyFile(join(folder, 'dc-agent.key'));
  await registerAgent(world.clientFor(identity), {
    body: {
      token: await world.setupToken(),
      agent_pubkey: identity.publicKeyHex,
      region: 'europe',
    },
  });
  const config = join(folder, 'dc-agent.toml');
  writeFileSync(
    config,
    `[api]
url = "${world.api.url}"

[agent]
region = "europe"
shutdown_timeout_seconds = 5

[provisioners.hetzner]
token = { env = "HCLOUD_TOKEN" }
base_url = "${hetzner.baseUrl}"
poll_interval_ms = 10
`,
  );
  return { config, stateDir: join(folder, 'dc-agent-state') };
}

/** Resolves once `predicate` holds, checking every 50 ms (the test's own timeout bounds it). */
async function until(predicate: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await predicate())) await new Promise((resolve) => setTimeout(resolve, 50));
}

function statusState(stateDir: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(stateDir, 'status.json'), 'utf8')) as { state: string })
      .state;
  } catch {
    return undefined;
  }
}

describe('dc-agent run', () => {
  it('provisions a rented contract, then stops on SIGTERM with exit 0', async () => {
    const { config, stateDir } = await registeredAgent();
    const agent = spawnCli(['run', '--config', config], { HCLOUD_TOKEN: FAKE_HETZNER_TOKEN });
    let stdout = '';
    agent.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    const exited = new Promise<number | null>((resolve) => agent.once('close', resolve));
    await world.waitForAgent();
    const contract = await world.rent();
    await until(async () => {
      const { status } = await getContract(world.renter.client, { id: contract.id });
      return status !== 'accepted' && status !== 'provisioning';
    });
    expect((await getContract(world.renter.client, { id: contract.id })).status).toMatch(
      /^(provisioned|active)$/,
    );
    expect(hetzner.servers().map((server) => server.labels['dc-contract'])).toContain(contract.id);
    expect(statusState(stateDir)).toBe('running');

    agent.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(statusState(stateDir)).toBe('stopped');
    // JSON lines only on stdout, none of them carrying the Hetzner token.
    expect(
      stdout
        .split('\n')
        .filter(Boolean)
        .every((line) => line.startsWith('{')),
    ).toBe(true);
    expect(stdout).not.toContain(FAKE_HETZNER_TOKEN);
    const status = await cli(['status', '--config', config, '--human']);
    expect(status.stderr).toMatch(/^✗ the agent is not running: it stopped at /);
  });

  it('prints what it does for a person and stops on SIGINT (Ctrl-C) with exit 0', async () => {
    const { config, stateDir } = await registeredAgent();
    const agent = spawnCli(['run', '--config', config, '--human'], {
      HCLOUD_TOKEN: FAKE_HETZNER_TOKEN,
    });
    let stdout = '';
    agent.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    const exited = new Promise<number | null>((resolve) => agent.once('close', resolve));
    await until(() => statusState(stateDir) === 'running');
    agent.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout).toMatch(/^✓ dc-agent \S+ running \(pid \d+\); Ctrl-C stops it$/m);
    expect(stdout).toMatch(/^stopping \(SIGINT\): finishing running jobs$/m);
    expect(stdout).toMatch(/^✓ stopped$/m);
  });

  it('refuses to start with a broken config (exit 2), before touching the API', async () => {
    const { config } = await registeredAgent();
    const run = await cli(['run', '--config', config, '--human']);
    expect(run.stderr).toBe(
      `✗ ${config}: provisioners.hetzner.token (line 9): environment variable HCLOUD_TOKEN is not set; export it (systemd: Environment= or EnvironmentFile=)\n`,
    );
    expect(run.code).toBe(2);
  });
});
