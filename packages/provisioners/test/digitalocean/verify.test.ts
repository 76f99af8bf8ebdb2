import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDigitalOceanProvisioner } from '../../src/providers/digitalocean/provisioner';
import { closingFakes } from '../_shared/fakes';
import { setupDo } from './helpers';

describe('digitalocean verifySetup', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dc-do-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const setup = closingFakes(setupDo);

  it('passes a good config', async () => {
    const { provisioner } = await setup({
      region: 'fra1',
      size: 's-1vcpu-2gb',
      sizes: { big: 's-2vcpu-4gb' },
      image: 'debian-12-x64',
    });
    expect(await provisioner.verifySetup()).toEqual({ ok: true, errors: [], warnings: [] });
  });

  it('names each bad setting and what is allowed', async () => {
    const { provisioner } = await setup({
      region: 'ams3',
      size: 's-9vcpu-1tb',
      sizes: { big: 's-2vcpu-4gb' },
      image: 'windows-11',
    });
    const report = await provisioner.verifySetup();
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual([
      expect.stringMatching(/^size "s-9vcpu-1tb" does not exist; sizes: s-1vcpu-1gb, /),
      'size "s-2vcpu-4gb" is not sold in region "ams3"; sizes there: s-1vcpu-1gb, s-1vcpu-2gb',
      expect.stringContaining('image "windows-11" does not exist'),
    ]);
  });

  it('reports an unknown or closed region', async () => {
    const unknown = await (await setup({ region: 'mars1' })).provisioner.verifySetup();
    expect(unknown.errors[0]).toMatch(/^region "mars1" does not exist; regions: fra1, nyc3, ams3$/);
    const closed = await (await setup({ region: 'sgp1' })).provisioner.verifySetup();
    expect(closed.errors).toEqual(['region "sgp1" does not accept new droplets now']);
  });

  it('warns when the droplet limit is reached', async () => {
    const { fake, provisioner } = await setup();
    fake.state.dropletLimit = 0;
    expect((await provisioner.verifySetup()).warnings[0]).toContain('droplet limit is 0');
  });

  it('reports a wrong token, a missing token file and a readable one without throwing', async () => {
    const { fake, baseUrl } = await setup();
    const wrong = createDigitalOceanProvisioner({ token: 'nope', baseUrl });
    expect((await wrong.verifySetup()).errors[0]).toContain('DigitalOcean rejected the API token');
    const missing = createDigitalOceanProvisioner({ tokenFile: join(dir, 'absent'), baseUrl });
    expect((await missing.verifySetup()).errors[0]).toMatch(
      /tokenFile ".*absent" cannot be read: ENOENT/,
    );
    await expect(missing.provision({} as never)).rejects.toMatchObject({ code: 'invalid_config' });

    const file = join(dir, 'token');
    await writeFile(file, `${fake.token}\n`);
    await chmod(file, 0o644);
    const fromFile = createDigitalOceanProvisioner({ tokenFile: file, baseUrl });
    const report = await fromFile.verifySetup();
    expect(report.errors).toEqual([]);
    expect(report.warnings[0]).toContain('has mode 0644; make it 0600');
  });

  it('reports an unreachable API as an error', async () => {
    const report = await createDigitalOceanProvisioner(
      { token: 't', baseUrl: 'http://127.0.0.1:9/v2' },
      { retry: { retries: 0 } },
    ).verifySetup();
    expect(report.ok).toBe(false);
    expect(report.errors[0]).toContain('network error');
  });
});
