import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError, listAgents } from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrationProblem } from '../../src/cli/commands/register';
import type { AgentConfig } from '../../src/config/schema';
import { loadKeyFile } from '../../src/identity/key-file';
import { type AgentWorld, startWorld } from '../support/world';
import { cli, tempFolder } from './_cli';

let world: AgentWorld;
beforeAll(async () => {
  world = await startWorld({ provisioner: 'hetzner' });
});
afterAll(() => world?.stop());

/** A config folder (no key yet) for the world's API; the config path. */
function agentConfig(region = 'europe'): string {
  const path = join(tempFolder(), 'dc-agent.toml');
  writeFileSync(
    path,
    `[api]
url = "${world.api.url}"

[agent]
region = "${region}"

[provisioners.hetzner]
token = "t"
`,
  );
  return path;
}

describe('dc-agent register', () => {
  it('creates the key (0600) and registers it for the pool of the token', async () => {
    const config = agentConfig();
    const run = await cli(['register', '--token', await world.setupToken(), '--config', config]);
    expect(run.code).toBe(0);
    const key = join(config, '..', 'dc-agent.key');
    expect(statSync(key).mode & 0o777).toBe(0o600);
    const agentPubkey = loadKeyFile(key).publicKeyHex;
    expect(run.json.at(-1)).toMatchObject({
      msg: 'registered',
      agent_pubkey: agentPubkey,
      pool_id: world.provider.poolId,
      permissions: ['lease_jobs', 'report_instances', 'report_health', 'heartbeat'],
    });
    const { items } = await listAgents(world.provider.client, {});
    expect(items.map((agent) => agent.agent_pubkey)).toContain(agentPubkey);
  });

  it('says a used token is single-use', async () => {
    const token = await world.setupToken();
    expect((await cli(['register', '--token', token, '--config', agentConfig()])).code).toBe(0);
    const run = await cli(['register', '--token', token, '--config', agentConfig(), '--human']);
    expect(run.stderr).toBe(
      '✗ this setup token was already used (tokens are single-use); create a new one for the pool in the dashboard\n',
    );
    expect(run.code).toBe(1);
  });

  it('says the region of the pool and the config line to change, and leaves the token usable', async () => {
    const token = await world.setupToken();
    const config = agentConfig('north_america');
    const run = await cli(['register', '--token', token, '--config', config, '--human']);
    expect(run.stderr).toBe(
      `✗ the pool is in europe but agent.region (line 5) in ${config} is north_america: set agent.region = "europe", or use a setup token of a pool in north_america\n`,
    );
    expect(run.code).toBe(1);
    expect((await cli(['register', '--token', token, '--config', agentConfig()])).code).toBe(0);
  });

  it('says an unknown token is not known to this API', async () => {
    const run = await cli([
      'register',
      '--token',
      `dcs_${'A'.repeat(43)}`,
      '--config',
      agentConfig(),
      '--human',
    ]);
    expect(run.stderr).toBe(
      `✗ ${world.api.url} does not know this setup token; copy it again from the dashboard, and check api.url points at the API that issued it\n`,
    );
    expect(run.code).toBe(1);
  });

  it('refuses something that is not a setup token before sending it (exit 2)', async () => {
    const run = await cli(['register', '--token', 'hello', '--config', agentConfig(), '--human']);
    expect(run.stderr).toBe(
      '✗ --token must be a setup token: "dcs_" and 43 more characters, as the dashboard shows it once\n',
    );
    expect(run.code).toBe(2);
  });

  it('leaves a registered key alone and the new token unused', async () => {
    const config = agentConfig();
    await cli(['register', '--token', await world.setupToken(), '--config', config]);
    const token = await world.setupToken();
    const run = await cli(['register', '--token', token, '--config', config, '--human']);
    expect(run.stderr).toBe(
      `! this agent key is already registered; nothing to do (check it with dc-agent doctor --config ${config}); the setup token was not used\n`,
    );
    expect(run.code).toBe(0);
    expect((await cli(['register', '--token', token, '--config', agentConfig()])).code).toBe(0);
  });
});

describe('the message for an expired token', () => {
  it('keeps when it expired and says to make a new one', () => {
    const error = new ApiError({
      type: 'about:blank',
      title: 'Conflict',
      status: 409,
      code: 'setup_token_expired',
      detail: 'This setup token expired at 2026-03-01T10:00:00.000Z; create a new one.',
    } as never);
    expect(registrationProblem(error, { api: { url: 'x' } } as AgentConfig)).toBe(
      'This setup token expired at 2026-03-01T10:00:00.000Z; create a new one for the pool in the dashboard',
    );
  });
});
