import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, formatIssue } from '../../src/config/errors';
import { loadConfig, parseConfig } from '../../src/config/load';
import { tempFolder, writeFile } from './_files';

const HEADER = `[api]
url = "https://api.example.com/"

[agent]
region = "europe"
`;

const HETZNER = `
[provisioners.hetzner]
token = { env = "HCLOUD_TOKEN" }
location = "nbg1"
`;

const ENV = { HCLOUD_TOKEN: 'hcloud-secret-value' };

/** The one-line messages of the problems `text` has, as the CLI prints them. */
function problems(text: string, env: Record<string, string> = ENV): string[] {
  try {
    parseConfig(text, '/etc/dc-agent/dc-agent.toml', { env });
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map(formatIssue);
    throw error;
  }
  throw new Error('expected the config to be refused');
}

describe('a valid config', () => {
  it('gives absolute paths, milliseconds, defaults and the resolved secret', () => {
    const config = parseConfig(HEADER + HETZNER, '/etc/dc-agent/dc-agent.toml', { env: ENV });
    expect(config).toEqual({
      path: '/etc/dc-agent/dc-agent.toml',
      api: { url: 'https://api.example.com' },
      agent: {
        keyFile: '/etc/dc-agent/dc-agent.key',
        stateDir: '/etc/dc-agent/dc-agent-state',
        region: 'europe',
        concurrency: 4,
        shutdownTimeoutMs: 30_000,
        heartbeatIntervalMs: 30_000,
        healthIntervalMs: 300_000,
        reconcileIntervalMs: 300_000,
        orphanGraceMs: 3_600_000,
      },
      provisioners: [
        {
          name: 'hetzner',
          kind: 'hetzner',
          isDefault: true,
          config: expect.objectContaining({ token: 'hcloud-secret-value', location: 'nbg1' }),
        },
      ],
    });
  });

  it('maps snake_case keys to the provisioner schema, keeping the keys of free-form tables', () => {
    const config = parseConfig(
      `${HEADER}
[provisioners.box]
kind = "docker"
socket_path = "/run/docker.sock"
env = { USER_NAME = "renter", SUDO_ACCESS = "true" }
ssh_port_range = { from = 20000, to = 20100 }
`,
      '/srv/agent.toml',
      { env: {} },
    );
    expect(config.provisioners[0]).toMatchObject({
      name: 'box',
      kind: 'docker',
      config: {
        socketPath: '/run/docker.sock',
        env: { USER_NAME: 'renter', SUDO_ACCESS: 'true' },
        sshPortRange: { from: 20000, to: 20100 },
      },
    });
  });

  it('takes several provisioners with one default', () => {
    const config = parseConfig(
      `${HEADER}${HETZNER}default = true

[provisioners.fsn-2]
kind = "hetzner"
token = "literal-token"
`,
      '/srv/agent.toml',
      { env: ENV },
    );
    expect(config.provisioners.map((p) => [p.name, p.kind, p.isDefault])).toEqual([
      ['hetzner', 'hetzner', true],
      ['fsn-2', 'hetzner', false],
    ]);
  });
});

describe('a config with mistakes', () => {
  it('names an unknown key, its line and the keys allowed there', () => {
    expect(problems(`${HEADER}concurency = 8\n${HETZNER}`)).toEqual([
      'agent.concurency (line 6): unknown key; allowed here: key_file, state_dir, region, concurrency, shutdown_timeout_seconds, heartbeat_interval_seconds, health_interval_seconds, reconcile_interval_seconds, orphan_grace_seconds',
    ]);
  });

  it('names an unknown key of a provisioner in snake_case', () => {
    const [line] = problems(`${HEADER}${HETZNER}servertype = "cx22"\n`);
    expect(line).toMatch(
      /^provisioners\.hetzner\.servertype \(line 10\): unknown key; allowed here: kind, default, token, token_file, base_url, location, server_type, /,
    );
  });

  it('refuses placeholders left from a template', () => {
    expect(
      problems(`${HEADER}
[provisioners.pve]
kind = "proxmox"
base_url = "https://CHANGE_ME:8006"
token_id = "<token id>"
token_secret = "xxxx"
node = "pve"
template_vm_id = 9000
tls = { fingerprint_sha256 = "your-fingerprint" }
`),
    ).toEqual([
      'provisioners.pve.base_url (line 9): "https://CHANGE_ME:8006" is a placeholder; put the real value here',
      'provisioners.pve.token_id (line 10): "<token id>" is a placeholder; put the real value here',
      'provisioners.pve.token_secret (line 11): "xxxx" is a placeholder; put the real value here',
      'provisioners.pve.tls.fingerprint_sha256 (line 14): "your-fingerprint" is a placeholder; put the real value here',
    ]);
  });

  it('says what type a value must have', () => {
    expect(problems(`${HEADER}concurrency = "four"\n${HETZNER}`)).toEqual([
      'agent.concurrency (line 6): must be a whole number from 1 to 64',
    ]);
    expect(problems(HEADER.replace('"europe"', '"mars"') + HETZNER)).toEqual([
      'agent.region (line 5): must be one of europe, north_america, latin_america, asia_pacific, middle_east_north_africa, sub_saharan_africa, cis',
    ]);
  });

  it("reports the provisioner's own schema errors at the snake_case key", () => {
    expect(problems(`${HEADER}${HETZNER}base_url = "not a url"\ntimeout_ms = 5\n`)).toEqual([
      'provisioners.hetzner.base_url (line 10): Invalid URL',
      'provisioners.hetzner.timeout_ms (line 11): Too small: expected number to be >=100',
    ]);
  });

  it('rewrites camelCase names in provisioner messages', () => {
    expect(
      problems(`${HEADER}
[provisioners.hetzner]
token = "a"
token_file = "/b"
`),
    ).toEqual(['provisioners.hetzner.token (line 8): set exactly one of "token" or "token_file"']);
  });

  it('asks for snake_case when a key is written in camelCase', () => {
    expect(problems(`${HEADER}${HETZNER}serverType = "cx22"\n`)).toEqual([
      'provisioners.hetzner.serverType (line 10): write it in snake_case: server_type',
    ]);
  });

  it('needs one default among several provisioners, and only one', () => {
    const two = `${HEADER}${HETZNER}\n[provisioners.other]\nkind = "hetzner"\ntoken = "t"\n`;
    expect(problems(two)).toEqual([
      'provisioners: several provisioners (hetzner, other): mark exactly one with default = true',
    ]);
    expect(
      problems(
        two
          .replace('location', 'default = true\nlocation')
          .replace('token = "t"', 'token = "t"\ndefault = true'),
      ),
    ).toEqual([
      'provisioners.other.default (line 15): only one provisioner may be the default; hetzner already is',
    ]);
  });

  it('needs a kind for a provisioner not named after one, and refuses manual', () => {
    expect(problems(`${HEADER}\n[provisioners.cloud1]\ntoken = "t"\n`)).toEqual([
      'provisioners.cloud1 (line 7): "cloud1" is not a provisioner kind; add kind = one of hetzner, proxmox, docker, digitalocean, vultr, script',
    ]);
    expect(problems(`${HEADER}\n[provisioners.hands]\nkind = "manual"\n`)).toEqual([
      'provisioners.hands.kind (line 8): manual offerings are delivered by hand from the dashboard; the agent does not run them (remove this section)',
    ]);
  });

  it('needs the api and agent tables and a provisioner', () => {
    expect(problems('[api]\nurl = "ftp://x"\n')).toEqual([
      'api.url (line 2): must be an http(s) URL such as "https://api.decent-cloud.org"',
      'agent: is required (a table)',
      'provisioners: add at least one provisioner, e.g. [provisioners.hetzner] with token = { env = "HCLOUD_TOKEN" }',
    ]);
  });

  it('gives the line and column of a TOML syntax error', () => {
    expect(problems(`${HEADER}concurrency = \n`)).toEqual([
      '(line 6): not valid TOML: invalid value (column 15)',
    ]);
  });
});

describe('secrets', () => {
  it('reads a file readable by its owner only, without the trailing newline', () => {
    const folder = tempFolder();
    writeFile(folder, 'token', 'file-token\n', 0o600);
    const path = writeFile(
      folder,
      'agent.toml',
      `${HEADER}\n[provisioners.hetzner]\ntoken = { file = "token" }\n`,
    );
    expect(loadConfig(path, { env: {} }).provisioners[0]?.config['token']).toBe('file-token');
  });

  it('refuses a secret file other users can read, saying how to fix it', () => {
    const folder = tempFolder();
    const secret = writeFile(folder, 'token', 'file-token\n', 0o644);
    const text = `${HEADER}\n[provisioners.hetzner]\ntoken = { file = ${JSON.stringify(secret)} }\n`;
    expect(problems(text, {})).toEqual([
      `provisioners.hetzner.token (line 8): ${secret} can be read by other users (mode 644); run chmod 600 ${secret}`,
    ]);
  });

  it('names an environment variable that is not set, once', () => {
    expect(problems(HEADER + HETZNER, {})).toEqual([
      'provisioners.hetzner.token (line 8): environment variable HCLOUD_TOKEN is not set; export it (systemd: Environment= or EnvironmentFile=)',
    ]);
  });

  it('refuses an environment variable holding a placeholder without echoing it', () => {
    expect(problems(HEADER + HETZNER, { HCLOUD_TOKEN: 'CHANGE_ME' })).toEqual([
      'provisioners.hetzner.token (line 8): environment variable HCLOUD_TOKEN holds a placeholder, not the secret',
    ]);
  });

  it('never puts a secret in a message', () => {
    const text = `${HEADER}\n[provisioners.hetzner]\ntoken = { env = "HCLOUD_TOKEN" }\ntimeout_ms = 1\n`;
    expect(problems(text).join('\n')).not.toContain(ENV.HCLOUD_TOKEN);
  });
});

describe('the file', () => {
  it('says how to create one when it is missing', () => {
    const path = join(tempFolder(), 'missing.toml');
    expect(() => loadConfig(path)).toThrow(
      `no config file here; create one with: dc-agent init --config ${path}`,
    );
  });
});

describe('loading without provisioners', () => {
  it('needs neither the secrets nor valid provisioner tables', () => {
    const config = parseConfig(`${HEADER}${HETZNER}bogus = "CHANGE_ME"\n`, '/srv/a.toml', {
      env: {},
      provisioners: false,
    });
    expect(config.provisioners).toEqual([]);
    expect(config.agent.region).toBe('europe');
  });

  it('still checks the api and agent tables', () => {
    expect(() =>
      parseConfig(`${HEADER}concurrency = 0\n`, '/srv/a.toml', { provisioners: false }),
    ).toThrow('agent.concurrency (line 6): must be at least 1');
  });
});
