import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load';
import { loadKeyFile } from '../../src/identity/key-file';
import { cli, tempFolder } from './_cli';

const FLAGS = ['--api-url', 'https://api.example.com', '--region', 'europe'];

describe('dc-agent init', () => {
  it('writes a config that loads, a 0600 key and a 0700 state folder, from flags alone', async () => {
    const folder = tempFolder();
    const config = join(folder, 'dc-agent.toml');
    const run = await cli(['init', '--non-interactive', '--config', config, ...FLAGS]);
    expect(run.code).toBe(0);
    const key = join(folder, 'dc-agent.key');
    expect(run.json.at(-1)).toMatchObject({
      msg: 'initialised',
      config,
      key_file: key,
      key_created: true,
      agent_pubkey: loadKeyFile(key).publicKeyHex,
      provisioner: 'hetzner',
    });
    expect(statSync(config).mode & 0o777).toBe(0o600);
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(statSync(join(folder, 'dc-agent-state')).mode & 0o777).toBe(0o700);
    const loaded = loadConfig(config, { env: { HCLOUD_TOKEN: 'token' } });
    expect(loaded.api.url).toBe('https://api.example.com');
    expect(loaded.agent.keyFile).toBe(key);
    expect(loaded.provisioners.map((p) => p.kind)).toEqual(['hetzner']);
  });

  it('puts the key and state where --key-file and --state-dir say, and the chosen provisioner', async () => {
    const folder = tempFolder();
    const config = join(folder, 'etc', 'dc-agent.toml');
    const run = await cli([
      'init',
      '--config',
      config,
      ...FLAGS,
      '--provisioner',
      'docker',
      '--key-file',
      join(folder, 'var', 'agent.key'),
      '--state-dir',
      '../state',
    ]);
    expect(run.code).toBe(0);
    const loaded = loadConfig(config, { env: {} });
    expect(loaded.agent.keyFile).toBe(join(folder, 'var', 'agent.key'));
    expect(loaded.agent.stateDir).toBe(join(folder, 'state'));
    expect(loaded.provisioners.map((p) => p.kind)).toEqual(['docker']);
  });

  it('names the flags it needs when there is no terminal to ask in', async () => {
    const config = join(tempFolder(), 'dc-agent.toml');
    const run = await cli(['init', '--config', config, '--human']);
    expect(run.stderr).toBe(
      '✗ without a terminal to ask in, init needs --api-url <url> and --region <europe|north_america|latin_america|asia_pacific|middle_east_north_africa|sub_saharan_africa|cis>\n',
    );
    expect(run.code).toBe(2);
  });

  it('refuses a region or provisioner it does not know, listing the allowed ones', async () => {
    const config = join(tempFolder(), 'dc-agent.toml');
    const region = await cli(['init', '--config', config, '--human', ...FLAGS, '--region', 'mars']);
    expect(region.stderr).toMatch(
      /^✗ --region must be one of europe, north_america, .*; got "mars"\n$/,
    );
    expect(region.code).toBe(2);
    const kind = await cli([
      'init',
      '--config',
      config,
      '--human',
      ...FLAGS,
      '--provisioner',
      'aws',
    ]);
    expect(kind.stderr).toBe(
      '✗ --provisioner must be one of hetzner, proxmox, docker, digitalocean, vultr, script; got "aws"\n',
    );
    expect(kind.code).toBe(2);
  });

  it('keeps an existing config unless --force, and never replaces the key', async () => {
    const folder = tempFolder();
    const config = join(folder, 'dc-agent.toml');
    await cli(['init', '--config', config, ...FLAGS]);
    const key = loadKeyFile(join(folder, 'dc-agent.key')).publicKeyHex;
    writeFileSync(config, '# mine\n');
    const again = await cli(['init', '--config', config, '--human', ...FLAGS]);
    expect(again.stderr).toBe(
      `✗ ${config} already exists; edit it, or run init with --force to write a new one\n`,
    );
    expect(again.code).toBe(1);
    expect(readFileSync(config, 'utf8')).toBe('# mine\n');
    const forced = await cli(['init', '--force', '--config', config, '--human', ...FLAGS]);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('Kept the existing agent key');
    expect(readFileSync(config, 'utf8')).toContain('[provisioners.hetzner]');
    expect(loadKeyFile(join(folder, 'dc-agent.key')).publicKeyHex).toBe(key);
  });
});
