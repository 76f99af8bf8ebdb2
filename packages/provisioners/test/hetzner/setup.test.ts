import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHetznerProvisioner, HetznerConfigSchema } from '../../src/providers/hetzner';
import { provisionerFor, rejectionOf, requestFor, startFake } from './helpers';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dc-hetzner-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('hetzner config schema', () => {
  it('applies defaults', () => {
    expect(HetznerConfigSchema.parse({ token: 't' })).toMatchObject({
      baseUrl: 'https://api.hetzner.cloud/v1',
      location: 'fsn1',
      image: 'ubuntu-24.04',
      architecture: 'x86',
      timeoutMs: 30_000,
    });
  });

  it.each([
    [{ token: 't', servertype: 'cx22' }, /servertype/],
    [{}, /exactly one of/],
    [{ token: 't', tokenFile: '/x' }, /exactly one of/],
    [{ token: 't', serverType: 'CX 22' }, /server type name/],
    [{ token: 't', labels: { 'dc-contract': 'x' } }, /reserved/],
    [{ token: 't', labels: { team: 'has space' } }, /label values/],
    [{ token: 't', architecture: 'mips' }, /architecture/],
  ])('rejects %j', (config, message) => {
    const result = HetznerConfigSchema.safeParse(config);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(message);
  });

  it('throws invalid_config from the factory without echoing the token', () => {
    let error: unknown;
    try {
      createHetznerProvisioner({ token: 'super-secret-token', location: 42 } as never);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'invalid_config' });
    expect(String((error as Error).message)).toContain('location');
    expect(String((error as Error).message)).not.toContain('super-secret-token');
  });
});

describe('hetzner verifySetup', () => {
  it('is ok for a good configuration', async () => {
    const fake = await startFake();
    expect(
      await provisionerFor(fake, { serverType: { small: 'cx22', big: 'cax21' } }).verifySetup(),
    ).toEqual({ ok: true, errors: [], warnings: [] });
  });

  it('reports a rejected token, naming what to do', async () => {
    const fake = await startFake();
    const report = await provisionerFor(fake, { token: 'wrong' }).verifySetup();
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual([
      expect.stringContaining('Hetzner rejected the API token (unauthorized)'),
    ]);
  });

  it('reports an unknown location, server type and image', async () => {
    const fake = await startFake();
    const report = await provisionerFor(fake, {
      location: 'mars1',
      serverType: 'cx999',
      image: 'plan9',
    }).verifySetup();
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual([
      expect.stringContaining('location "mars1" does not exist'),
      expect.stringContaining('server type "cx999" does not exist'),
      expect.stringContaining('image "plan9" does not exist'),
    ]);
  });

  it('warns about a server type not sold in the default location', async () => {
    const fake = await startFake();
    const report = await provisionerFor(fake, {
      location: 'ash',
      serverType: 'cx22',
    }).verifySetup();
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([
      expect.stringContaining('"cx22" is not sold in the default location "ash"'),
    ]);
  });

  it('reports an unreachable API', async () => {
    const report = await createHetznerProvisioner(
      { token: 't', baseUrl: 'http://127.0.0.1:1/v1', timeoutMs: 1_000 },
      { retry: { retries: 0 } },
    ).verifySetup();
    expect(report.errors).toEqual([
      expect.stringContaining('cannot reach the Hetzner API at http://127.0.0.1:1/v1'),
    ]);
  });

  it('reads the token from tokenFile, warns when others can read it, and reports a missing file', async () => {
    const fake = await startFake();
    const file = join(dir, 'token');
    await writeFile(file, `${fake.token}\n`, { mode: 0o644 });
    await chmod(file, 0o644);
    const loose = await provisionerFor(fake, { token: undefined, tokenFile: file }).verifySetup();
    expect(loose.errors).toEqual([]);
    expect(loose.warnings).toEqual([expect.stringContaining('chmod 600')]);
    await chmod(file, 0o600);
    expect(await provisionerFor(fake, { token: undefined, tokenFile: file }).verifySetup()).toEqual(
      { ok: true, errors: [], warnings: [] },
    );

    const missing = provisionerFor(fake, { token: undefined, tokenFile: join(dir, 'nope') });
    const report = await missing.verifySetup();
    expect(report.errors).toEqual([
      expect.stringMatching(/tokenFile ".*nope" cannot be read \(ENOENT\)/),
    ]);
    expect(await rejectionOf(missing.provision(requestFor('contract-123')))).toMatchObject({
      code: 'invalid_config',
    });
  });
});
