import type { Provisioner } from '@dc/provisioners';
import { describe, expect, it } from 'vitest';
import { provisionerSetOf, requestConfigOf } from '../../src/config/provisioners';

function stub(kind: string): Provisioner {
  const fail = () => Promise.reject(new Error('not used'));
  return {
    kind,
    capabilities: { stop: false, resetPassword: false, resize: false, list: true },
    verifySetup: () => Promise.resolve({ ok: true, errors: [], warnings: [] }) as never,
    provision: fail,
    getInstance: fail,
    listInstances: fail,
    terminate: fail,
    health: fail,
  };
}

const set = provisionerSetOf([
  { name: 'hetzner', isDefault: true, provisioner: stub('hetzner') },
  { name: 'pve-a', provisioner: stub('proxmox') },
  { name: 'pve-b', provisioner: stub('proxmox') },
  { name: 'box', provisioner: stub('docker') },
]);

const nameOf = (result: ReturnType<typeof set.pick>) =>
  'name' in result ? result.name : `error: ${result.error}`;

describe('routing a contract to a provisioner', () => {
  it('uses the default when its kind matches', () => {
    expect(nameOf(set.pick('hetzner', {}))).toBe('hetzner');
  });

  it('uses the only provisioner of the kind when the default is of another', () => {
    expect(nameOf(set.pick('docker', {}))).toBe('box');
  });

  it('uses the one provisioner_config.agent_provisioner names', () => {
    expect(nameOf(set.pick('proxmox', { agent_provisioner: 'pve-b' }))).toBe('pve-b');
  });

  it('refuses to guess between several of a kind and says how to choose', () => {
    expect(nameOf(set.pick('proxmox', {}))).toBe(
      'error: several proxmox provisioners are configured (pve-a, pve-b): set provisioner_config.agent_provisioner in the offering to one of them',
    );
  });

  it('refuses a named provisioner of another kind', () => {
    expect(nameOf(set.pick('proxmox', { agent_provisioner: 'hetzner' }))).toBe(
      'error: the offering needs a proxmox provisioner, but its provisioner_config.agent_provisioner names "hetzner", a hetzner provisioner',
    );
  });

  it('refuses an unknown name, listing what there is', () => {
    expect(nameOf(set.pick('proxmox', { agent_provisioner: 'pve-c' }))).toMatch(
      /"pve-c", but this agent's provisioners are hetzner \(hetzner\), pve-a \(proxmox\), pve-b \(proxmox\), box \(docker\)$/,
    );
  });

  it('says no provisioner runs a kind the agent lacks', () => {
    expect(nameOf(set.pick('vultr', {}))).toMatch(/^error: no vultr provisioner is configured/);
  });

  it('declares each kind once for heartbeats and names the default', () => {
    expect(set.kinds).toEqual(['hetzner', 'proxmox', 'docker']);
    expect(set.defaultName).toBe('hetzner');
  });

  it('passes the offering config on without the agent_provisioner key', () => {
    expect(requestConfigOf({ agent_provisioner: 'pve-a', location: 'nbg1' })).toEqual({
      location: 'nbg1',
    });
  });
});
