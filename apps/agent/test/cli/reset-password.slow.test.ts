// dc-agent reset-password against the API process, with `dc-agent run` working the job through
// the fake Hetzner: the renter opens the new password; mistakes give one line.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getContract, getContractCredentials, registerAgent } from '@dc/client';
import { open } from '@dc/crypto';
import { FAKE_HETZNER_TOKEN, FakeHetznerCloud } from '@dc/provisioners/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyFile } from '../../src/identity/key-file';
import { type AgentWorld, startWorld } from '../support/world';
import { type CliRun, cli, spawnCli, tempFolder } from './_cli';

let world: AgentWorld;
let hetzner: FakeHetznerCloud;
let config: string;
let agent: ReturnType<typeof spawnCli>;
let contractId: string;

async function until(predicate: () => Promise<boolean>): Promise<void> {
  while (!(await predicate())) await new Promise((resolve) => setTimeout(resolve, 100));
}

beforeAll(async () => {
  hetzner = new FakeHetznerCloud();
  [world] = await Promise.all([startWorld({ provisioner: 'hetzner' }), hetzner.start()]);
  const folder = tempFolder();
  const identity = createKeyFile(join(folder, 'dc-agent.key'));
  await registerAgent(world.clientFor(identity), {
    body: {
      token: await world.setupToken(),
      agent_pubkey: identity.publicKeyHex,
      region: 'europe',
    },
  });
  config = join(folder, 'dc-agent.toml');
  writeFileSync(
    config,
    `[api]\nurl = "${world.api.url}"\n\n[agent]\nregion = "europe"\n\n[provisioners.hetzner]\ntoken = { env = "HCLOUD_TOKEN" }\nbase_url = "${hetzner.baseUrl}"\npoll_interval_ms = 10\n`,
  );
  agent = spawnCli(['run', '--config', config], { HCLOUD_TOKEN: FAKE_HETZNER_TOKEN });
  await world.waitForAgent();
  contractId = (await world.rent()).id;
  await until(async () => {
    const { status } = await getContract(world.renter.client, { id: contractId });
    return status === 'provisioned' || status === 'active';
  });
});

afterAll(async () => {
  if (agent && agent.exitCode === null) {
    const exited = new Promise((resolve) => agent.once('close', resolve));
    agent.kill('SIGTERM');
    await exited;
  }
  await Promise.all([world?.stop(), hetzner?.close()]);
});

/** The CLI without the provider secrets: reset-password needs only the key and the API. */
const resetPassword = (...args: string[]): Promise<CliRun> =>
  cli(['reset-password', '--config', config, ...args]);

describe('dc-agent reset-password', () => {
  it('waits for the agent to set a password sealed to the renter', async () => {
    const run = await resetPassword('--contract', contractId, '--wait', '--human');
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(
      new RegExp(
        `^Queued password reset job [0-9a-f-]{36}; waiting for the agent to run it\\nPassword of contract ${contractId} reset; the renter opens the new one in the dashboard \\(sealed to their keys\\)\\.\\n$`,
      ),
    );
    expect(run.code).toBe(0);
    const { items } = await getContractCredentials(world.renter.client, { id: contractId });
    const sealed = items.find((item) => item.purpose === 'root_password');
    const password = new TextDecoder().decode(
      open(sealed?.envelope as never, world.renter.identity.secretKey, {
        contractId,
        purpose: 'root_password',
      }),
    );
    expect(password.length).toBeGreaterThanOrEqual(12);
  });

  it('only queues the job with --no-wait, as one JSON line', async () => {
    const run = await resetPassword('--contract', contractId, '--no-wait');
    expect(run.json).toEqual([
      expect.objectContaining({
        msg: 'password reset queued',
        contract_id: contractId,
        job_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        status: 'queued',
      }),
    ]);
    expect(run.code).toBe(0);
  });

  it("says a contract outside the agent's pool is not visible to it", async () => {
    const other = randomUUID();
    const run = await resetPassword('--contract', other, '--human');
    expect(run.stderr).toBe(
      `✗ contract ${other} is not a contract of this agent's pool; check the id (contracts of other pools and providers are not visible to it)\n`,
    );
    expect(run.code).toBe(1);
  });

  it('refuses what is not a contract id (exit 2)', async () => {
    const run = await resetPassword('--contract', 'vps-1', '--human');
    expect(run.stderr).toBe('✗ --contract must be a contract id (a UUID), got "vps-1"\n');
    expect(run.code).toBe(2);
  });
});
