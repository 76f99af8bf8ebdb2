// dc-agent doctor as a new user meets it: the real CLI as a child process, the real API
// process, and the fake Hetzner and Proxmox APIs. Each broken setup must give one line that
// names what to fix, and a non-zero exit.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerAgent } from '@dc/client';
import { FAKE_HETZNER_TOKEN, FakeHetznerCloud, FakeProxmox } from '@dc/provisioners/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyFile } from '../../src/identity/key-file';
import { cli, closedPort, tempFolder } from '../cli/_cli';
import { type AgentWorld, startWorld } from '../support/world';

let world: AgentWorld;
let hetzner: FakeHetznerCloud;
let proxmox: FakeProxmox;

beforeAll(async () => {
  [world, hetzner, proxmox] = await Promise.all([
    startWorld({ provisioner: 'hetzner' }),
    new FakeHetznerCloud(),
    new FakeProxmox(),
  ]);
  await Promise.all([hetzner.start(), proxmox.start()]);
});

afterAll(async () => {
  await Promise.all([world?.stop(), hetzner?.close(), proxmox?.close()]);
});

interface Setup {
  readonly apiUrl?: string;
  readonly registered?: boolean;
  /** The provisioner sections (TOML); default: the fake Hetzner with its token. */
  readonly provisioners?: string;
  /** Extra lines at the end of [agent]. */
  readonly agent?: string;
}

const hetznerSection = () => `[provisioners.hetzner]
token = { env = "HCLOUD_TOKEN" }
base_url = "${hetzner.baseUrl}"
location = "fsn1"
`;

/** An agent folder (config + key, registered with the world's pool or not); the config path. */
async function agentFolder(setup: Setup = {}): Promise<string> {
  const folder = tempFolder();
  const identity = createKeyFile(join(folder, 'dc-agent.key'));
  if (setup.registered !== false) {
    const token = await world.setupToken();
    await registerAgent(world.clientFor(identity), {
      body: { token, agent_pubkey: identity.publicKeyHex, region: 'europe' },
    });
  }
  const path = join(folder, 'dc-agent.toml');
  writeFileSync(
    path,
    `[api]
url = "${setup.apiUrl ?? world.api.url}"

[agent]
region = "europe"
${setup.agent ?? ''}
${setup.provisioners ?? hetznerSection()}`,
  );
  return path;
}

const env = { HCLOUD_TOKEN: FAKE_HETZNER_TOKEN };

/** The failure lines of a human-mode run (stderr, without the summary). */
const failures = (stderr: string) =>
  stderr
    .split('\n')
    .filter((line) => line.startsWith('✗ '))
    .map((line) => line.slice(2));

describe('dc-agent doctor', () => {
  it('passes a working setup: every check on one line, exit 0', async () => {
    const config = await agentFolder();
    const run = await cli(['doctor', '--config', config, '--human'], env);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n').filter(Boolean)).toEqual([
      `✓ ${config} is valid (hetzner)`,
      expect.stringMatching(
        /^✓ agent key .*dc-agent\.key \([0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}\)$/,
      ),
      `✓ ${world.api.url} is reachable`,
      expect.stringMatching(/^✓ clock within \d+ s of the API's$/),
      '✓ the API accepts this agent key',
      '✓ hetzner (hetzner) is set up',
      'All checks passed.',
    ]);
    expect(run.code).toBe(0);
  });

  it('names each broken config key with its line and exits 2', async () => {
    const config = await agentFolder({
      agent: 'concurency = 8\nheartbeat_interval_seconds = "often"',
      provisioners: `[provisioners.hetzner]
token = "CHANGE_ME"
base_url = "${hetzner.baseUrl}"
`,
    });
    const run = await cli(['doctor', '--config', config, '--human'], env);
    expect(failures(run.stderr)).toEqual([
      `${config}: agent.concurency (line 6): unknown key; allowed here: key_file, state_dir, region, concurrency, shutdown_timeout_seconds, heartbeat_interval_seconds, health_interval_seconds, reconcile_interval_seconds, orphan_grace_seconds`,
      `${config}: agent.heartbeat_interval_seconds (line 7): must be a whole number of seconds from 5 to 60`,
      `${config}: provisioners.hetzner.token (line 9): "CHANGE_ME" is a placeholder; put the real value here`,
      'fix the config file first (3 problems above), then run dc-agent doctor again',
    ]);
    expect(run.code).toBe(2);
  });

  it('says an unregistered key must be registered (the API answers 401)', async () => {
    const config = await agentFolder({ registered: false });
    const run = await cli(['doctor', '--config', config, '--human'], env);
    expect(failures(run.stderr)).toEqual([
      'this agent key is not registered; run dc-agent register --token <setup token from the dashboard>',
      '1 check failed; fix what the lines above say, then run dc-agent doctor again',
    ]);
    expect(run.code).toBe(1);
  });

  it('says which URL it cannot reach and which config line sets it', async () => {
    const port = await closedPort();
    const config = await agentFolder({ apiUrl: `http://127.0.0.1:${port}` });
    const run = await cli(['doctor', '--config', config, '--human'], env);
    expect(failures(run.stderr)).toEqual([
      `cannot reach http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}; check api.url (line 2) in ${config}`,
      '1 check failed; fix what the lines above say, then run dc-agent doctor again',
    ]);
    expect(run.stdout).toContain('- not checked: needs the agent key and the API (see above)');
    expect(run.code).toBe(1);
  });

  it('catches a pinned Proxmox fingerprint that is not the server certificate', async () => {
    const wrong = `${'AA:'.repeat(31)}AA`;
    const config = await agentFolder({
      provisioners: `[provisioners.pve]
kind = "proxmox"
base_url = "${proxmox.url}"
token_id = "${proxmox.tokenId}"
token_secret = { env = "PVE_SECRET" }
node = "${proxmox.node}"
template_vm_id = ${proxmox.templateVmId}
tls = { fingerprint_sha256 = "${wrong}" }
`,
    });
    const run = await cli(['doctor', '--config', config, '--human'], {
      PVE_SECRET: proxmox.tokenSecret,
    });
    const [line, ...rest] = failures(run.stderr);
    expect(line).toMatch(
      new RegExp(
        `^provisioners\\.pve: .*TLS fingerprint mismatch for 127\\.0\\.0\\.1:\\d+: tls\\.fingerprint_sha256 is ${wrong} but the server presented [0-9A-F:]{95}; check the fingerprint with "pvenode cert info" on the node`,
      ),
    );
    expect(rest).toEqual([
      '1 check failed; fix what the lines above say, then run dc-agent doctor again',
    ]);
    expect(run.code).toBe(1);
  });

  it('passes the same Proxmox setup with the right fingerprint', async () => {
    const config = await agentFolder({
      provisioners: `[provisioners.pve]
kind = "proxmox"
base_url = "${proxmox.url}"
token_id = "${proxmox.tokenId}"
token_secret = { env = "PVE_SECRET" }
node = "${proxmox.node}"
template_vm_id = ${proxmox.templateVmId}
tls = { fingerprint_sha256 = "${proxmox.certificateFingerprint}" }
`,
    });
    const run = await cli(['doctor', '--config', config, '--human'], {
      PVE_SECRET: proxmox.tokenSecret,
    });
    expect(failures(run.stderr)).toEqual([]);
    expect(run.stdout).toContain('✓ pve (proxmox) is set up');
    expect(run.code).toBe(0);
  });

  it('says Hetzner rejected the token and where to make a new one', async () => {
    const config = await agentFolder();
    const run = await cli(['doctor', '--config', config, '--human'], {
      HCLOUD_TOKEN: 'not-the-token-of-this-project',
    });
    expect(failures(run.stderr)).toEqual([
      expect.stringMatching(
        /^provisioners\.hetzner: Hetzner rejected the API token \(\w+\): create a Read & Write token in the Hetzner Cloud console \(project > Security > API tokens\)$/,
      ),
      '1 check failed; fix what the lines above say, then run dc-agent doctor again',
    ]);
    expect(run.code).toBe(1);
  });

  it('makes and deletes a test server with --test-provision', async () => {
    const config = await agentFolder();
    const before = hetzner.servers().length;
    const run = await cli(['doctor', '--test-provision', '--config', config, '--human'], env);
    expect(run.stdout).toMatch(/✓ hetzner made test server (\d+) for dc-doctor-[0-9a-f]{12}\n/);
    expect(run.stdout).toMatch(/✓ hetzner deleted test server \d+\n/);
    expect(run.code).toBe(0);
    expect(hetzner.servers()).toHaveLength(before);
  });

  it('writes one JSON object per check when stdout is not a terminal', async () => {
    const config = await agentFolder({ registered: false });
    const run = await cli(['doctor', '--config', config], env);
    expect(run.json.map((line) => [line['check'], line['status']])).toEqual([
      ['config', 'ok'],
      ['key', 'ok'],
      ['api', 'ok'],
      ['clock', 'ok'],
      ['authorised', 'error'],
      ['provisioner:hetzner', 'ok'],
      [undefined, undefined],
    ]);
    expect(run.json.at(-1)?.['level']).toBe('error');
    expect(run.code).toBe(1);
  });
});
