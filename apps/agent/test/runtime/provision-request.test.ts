import { describe, expect, it } from 'vitest';
import {
  offeringConfigOf,
  ProvisionRequestError,
  provisionRequestOf,
} from '../../src/runtime/provision-request';
import type { LeasedJob } from '../../src/runtime/reporter';

const SSH_KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB0j5XGQ3CUT2lzg4tYf2TzL5Ef0G0b1b7vT9yJjvH0n renter@laptop';
const CONTRACT = '0b6b2c4e-8d8e-4f7a-9a51-7f2a1d3c9e10';

function jobWith(
  offering: Record<string, unknown>,
  overrides: Partial<LeasedJob['contract']> = {},
): LeasedJob {
  return {
    job_id: 'c2a9b1d4-1f4e-4f53-8a0e-0d8c5b7a6f21',
    kind: 'provision',
    attempt: 1,
    max_attempts: 5,
    lease_id: '5b0f3d2e-9c1a-4d6b-8e7f-1a2b3c4d5e6f',
    fencing_token: 1,
    lease_expires_at: '2026-03-01T09:01:00.000Z',
    payload: {},
    contract: {
      id: CONTRACT,
      status: 'provisioning',
      provisioner: 'hetzner',
      offering: {
        id: 'offering-1',
        cpu_cores: 4,
        memory_mib: 8192,
        disk_gib: 80,
        provisioner_config: {},
        post_provision_script: null,
        country: 'DE',
        ...offering,
      },
      ssh_public_keys: [SSH_KEY],
      os_image: 'debian-12',
      renter_public_keys: ['aa'.repeat(32)],
      instance: null,
      ...overrides,
    },
  };
}

describe('provision request from a leased job', () => {
  it('takes sizes from the offering as rented, image and keys from the contract', () => {
    expect(provisionRequestOf(jobWith({}))).toEqual({
      contractId: CONTRACT,
      offeringId: 'offering-1',
      cpuCores: 4,
      memoryMiB: 8192,
      diskGiB: 80,
      image: 'debian-12',
      location: 'default',
      sshPublicKeys: [SSH_KEY],
      config: {},
      firstAttempt: true,
    });
  });

  it('says a first attempt only on the first lease of the job (a retry may adopt)', () => {
    expect(provisionRequestOf({ ...jobWith({}), attempt: 2 }).firstAttempt).toBe(false);
    expect(provisionRequestOf(jobWith({})).firstAttempt).toBe(true);
  });

  it("passes the provisioner config on without the agent's own agent_provisioner key", () => {
    const job = jobWith({
      provisioner_config: { agent_provisioner: 'hetzner-arm', serverType: 'cax21' },
    });
    expect(provisionRequestOf(job).config).toEqual({ serverType: 'cax21' });
    expect(offeringConfigOf(job)).toEqual({
      agent_provisioner: 'hetzner-arm',
      serverType: 'cax21',
    });
  });

  it("uses the config's location, else 'default' (the provisioner's configured location)", () => {
    expect(provisionRequestOf(jobWith({ provisioner_config: { location: 'hel1' } })).location).toBe(
      'hel1',
    );
    expect(provisionRequestOf(jobWith({ provisioner_config: { location: '' } })).location).toBe(
      'default',
    );
  });

  it('carries the post-provision script when the offering has one', () => {
    const script = '#!/bin/sh\necho hello\n';
    expect(provisionRequestOf(jobWith({ post_provision_script: script })).script).toBe(script);
    expect('script' in provisionRequestOf(jobWith({ post_provision_script: null }))).toBe(false);
  });

  it('refuses a snapshot missing a size, naming the field (a final failure, not a retry)', () => {
    const job = jobWith({ memory_mib: undefined });
    expect(() => provisionRequestOf(job)).toThrow(ProvisionRequestError);
    expect(() => provisionRequestOf(job)).toThrow(/offering\.memory_mib/);
  });

  it('refuses a request the provisioners would refuse, naming the field', () => {
    const job = jobWith({}, { ssh_public_keys: ['not a key'] });
    expect(() => provisionRequestOf(job)).toThrow(/request\.sshPublicKeys\.0/);
  });

  it('treats a missing or malformed provisioner_config as empty', () => {
    expect(offeringConfigOf(jobWith({ provisioner_config: null }))).toEqual({});
    expect(offeringConfigOf(jobWith({ provisioner_config: ['x'] }))).toEqual({});
  });
});
