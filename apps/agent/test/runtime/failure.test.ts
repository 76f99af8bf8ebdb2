import { ProvisionerError } from '@dc/provisioners';
import { describe, expect, it } from 'vitest';
import { instanceReportOf } from '../../src/runtime/instance-report';
import { failureOf } from '../../src/runtime/jobs/failure';
import { JobDeferredError, JobRefusedError } from '../../src/runtime/jobs/types';
import { ProvisionRequestError } from '../../src/runtime/provision-request';
import { NoRecipientError } from '../../src/runtime/seal-credentials';

describe('failure reports', () => {
  it("follow a provisioner error's own retryable flag", () => {
    expect(
      failureOf(new ProvisionerError('rate_limited', 'too many requests', { retryable: true })),
    ).toEqual({ type: 'fail', error: 'rate_limited: too many requests', retryable: true });
    expect(
      failureOf(new ProvisionerError('invalid_config', 'bad server type', { retryable: false })),
    ).toMatchObject({ retryable: false });
  });

  it('are final for jobs this agent can never do, retryable for ones another may', () => {
    for (const error of [
      new JobRefusedError('docker cannot change SSH keys of a running server; rebuild required'),
      new ProvisionRequestError('offering.memory_mib: required'),
      new NoRecipientError('no renter key'),
    ]) {
      expect(failureOf(error)).toMatchObject({ retryable: false, error: error.message });
    }
    expect(failureOf(new JobDeferredError('no hetzner provisioner'))).toMatchObject({
      retryable: true,
    });
  });

  it('are retryable for anything unexpected, with its message', () => {
    expect(failureOf(new TypeError('x is undefined'))).toEqual({
      type: 'fail',
      error: 'unexpected error: TypeError: x is undefined',
      retryable: true,
    });
  });
});

describe('instance reports', () => {
  it('name the provisioner by its config name and never carry the root password', () => {
    const report = instanceReportOf('hetzner-fsn', {
      externalId: '4200001',
      provisioner: 'hetzner',
      contractId: 'c',
      status: 'running',
      ipv4: '203.0.113.1',
      ipv6: '2001:db8:1::1',
      sshPort: 22,
      rootPassword: 'hunter2-secret',
      recipe: { status: 'failed', exitCode: 3, logTail: 'DB_PASSWORD=hunter2-secret' },
    });
    expect(report).toEqual({
      provisioner: 'hetzner-fsn',
      external_id: '4200001',
      status: 'running',
      ipv4: '203.0.113.1',
      ipv6: '2001:db8:1::1',
      ssh_port: 22,
      details: { recipe_status: 'failed', recipe_exit_code: 3 },
    });
    expect(JSON.stringify(report)).not.toContain('hunter2');
  });

  it('leave out an address the API would refuse instead of failing the delivery', () => {
    const report = instanceReportOf('hetzner', {
      externalId: '1',
      provisioner: 'hetzner',
      contractId: 'c',
      status: 'running',
      ipv4: 'pending',
      ipv6: '2001:db8:1::/64',
      sshPort: 22,
    });
    expect([report.ipv4, report.ipv6]).toEqual([null, null]);
  });
});
