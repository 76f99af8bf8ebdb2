import { describe, expect, it, vi } from 'vitest';
import {
  cloudInitUserData,
  collectPages,
  ProvisionerError,
  ProvisionRequestSchema,
  pollUntil,
  resourceName,
} from '../../src/index';

describe('resourceName', () => {
  it('is dc- plus a lower-case prefix of the contract id, safe for cloud names', () => {
    expect(resourceName('AbC_123456789xyz')).toBe('dc-abc-12345678');
  });
});

describe('collectPages', () => {
  it('follows cursors to the end', async () => {
    const pages: Record<number, { items: number[]; next: number | null }> = {
      1: { items: [1, 2], next: 2 },
      2: { items: [3], next: null },
    };
    expect(await collectPages(1, async (c) => pages[c] ?? { items: [], next: null })).toEqual([
      1, 2, 3,
    ]);
  });
  it('refuses a list that never ends', async () => {
    await expect(collectPages(1, async (c) => ({ items: [c], next: c + 1 }), 5)).rejects.toThrow(
      /did not end after 5 pages/,
    );
  });
});

describe('pollUntil', () => {
  it('returns when the check gives a value', async () => {
    let n = 0;
    expect(
      await pollUntil(async () => (++n === 3 ? 'done' : undefined), { what: 'x', intervalMs: 1 }),
    ).toBe('done');
  });
  it('times out with a retryable timeout naming what it waited for', async () => {
    await expect(
      pollUntil(async () => undefined, { what: 'action 42', intervalMs: 5, timeoutMs: 20 }),
    ).rejects.toMatchObject({
      code: 'timeout',
      retryable: true,
      message: 'timed out waiting for action 42',
    });
  });
  it('first checks after firstCheckAfterMs, and stops waiting when aborted', async () => {
    vi.useFakeTimers();
    try {
      let checks = 0;
      const done = pollUntil(async () => (++checks > 0 ? 'done' : undefined), {
        what: 'x',
        firstCheckAfterMs: 30,
      });
      await vi.advanceTimersByTimeAsync(29);
      expect(checks).toBe(0);
      await vi.advanceTimersByTimeAsync(1);
      expect(await done).toBe('done');
      expect(checks).toBe(1);
    } finally {
      vi.useRealTimers();
    }
    const controller = new AbortController();
    let checked = false;
    const waiting = pollUntil(
      async () => {
        checked = true;
        return undefined;
      },
      { what: 'x', firstCheckAfterMs: 60_000, signal: controller.signal },
    );
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'aborted' });
    expect(checked).toBe(false);
  });
  it('passes a failure from the check through', async () => {
    await expect(
      pollUntil(async () => Promise.reject(new ProvisionerError('upstream_error', 'task failed')), {
        what: 'x',
      }),
    ).rejects.toThrow('task failed');
  });
});

describe('cloudInitUserData', () => {
  it('installs the SSH keys for root and runs the recipe once, recording its status', () => {
    const data = cloudInitUserData({
      sshPublicKeys: ['ssh-ed25519 AAAAC3Nza me@laptop'],
      script: 'apt-get install -y nginx',
    });
    expect(data.startsWith('#cloud-config\n')).toBe(true);
    expect(data).toContain('"ssh-ed25519 AAAAC3Nza me@laptop"');
    expect(data).toContain(Buffer.from('apt-get install -y nginx').toString('base64'));
    expect(data).toContain('/var/log/dc-recipe.status');
  });
});

describe('ProvisionRequestSchema', () => {
  it('says which field is wrong and what is allowed', () => {
    const result = ProvisionRequestSchema.safeParse({
      contractId: 'short',
      offeringId: 'o',
      cpuCores: 0,
      memoryMiB: 1024,
      diskGiB: 20,
      image: 'ubuntu-24.04',
      location: 'fsn1',
      sshPublicKeys: ['not a key'],
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(paths).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^contractId: expected 8-128/),
        expect.stringMatching(/^cpuCores:/),
        expect.stringMatching(/^sshPublicKeys.0: expected an OpenSSH public key/),
      ]),
    );
  });
});
