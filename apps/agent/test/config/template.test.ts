import { describe, expect, it } from 'vitest';
import { ConfigError, formatIssue } from '../../src/config/errors';
import { parseConfig } from '../../src/config/load';
import { AGENT_PROVISIONER_KINDS } from '../../src/config/schema';
import { renderConfig } from '../../src/config/template';

const values = {
  apiUrl: 'https://api.example.com',
  region: 'europe',
  keyFile: './dc-agent.key',
  stateDir: './dc-agent-state',
} as const;

function problemsOf(text: string): string[] {
  try {
    parseConfig(text, '/srv/dc-agent.toml', {
      env: {
        HCLOUD_TOKEN: 'h',
        PROXMOX_TOKEN_SECRET: 'p',
        DIGITALOCEAN_TOKEN: 'd',
        VULTR_API_KEY: 'v',
      },
    });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map(formatIssue);
    throw error;
  }
}

describe('the config init writes', () => {
  it('loads as written for the clouds that need only a token', () => {
    for (const provisioner of ['hetzner', 'docker', 'digitalocean', 'vultr'] as const) {
      expect(problemsOf(renderConfig({ ...values, provisioner })), provisioner).toEqual([]);
    }
  });

  it('points at every value still to fill in for proxmox and script', () => {
    expect(problemsOf(renderConfig({ ...values, provisioner: 'proxmox' }))).toEqual([
      expect.stringMatching(
        /^provisioners\.proxmox\.base_url \(line \d+\): "https:\/\/CHANGE_ME:8006" is a placeholder/,
      ),
      expect.stringMatching(
        /^provisioners\.proxmox\.token_id \(line \d+\): "CHANGE_ME" is a placeholder/,
      ),
      expect.stringMatching(
        /^provisioners\.proxmox\.tls\.fingerprint_sha256 \(line \d+\): "CHANGE_ME" is a placeholder/,
      ),
    ]);
    expect(problemsOf(renderConfig({ ...values, provisioner: 'script' }))).toEqual([
      expect.stringMatching(
        /^provisioners\.script\.command\[0\] \(line \d+\): "CHANGE_ME" is a placeholder/,
      ),
    ]);
  });

  it('has a template for every kind the agent runs', () => {
    for (const provisioner of AGENT_PROVISIONER_KINDS) {
      expect(renderConfig({ ...values, provisioner })).toContain(`[provisioners.${provisioner}]`);
    }
  });

  it('escapes values so they load back exactly', () => {
    const text = renderConfig({
      ...values,
      keyFile: '/srv/a "quoted"\\key',
      provisioner: 'docker',
    });
    expect(parseConfig(text, '/srv/x.toml').agent.keyFile).toBe('/srv/a "quoted"\\key');
  });
});
