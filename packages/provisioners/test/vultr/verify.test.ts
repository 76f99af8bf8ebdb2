import { describe, expect, it } from 'vitest';
import { createVultrProvisioner } from '../../src/providers/vultr/provisioner';
import { closingFakes } from '../_shared/fakes';
import { setupVultr } from './helpers';

describe('vultr verifySetup', () => {
  const setup = closingFakes(setupVultr);

  it('passes a good config', async () => {
    const { provisioner } = await setup({
      region: 'ewr',
      plan: 'vc2-1c-1gb',
      plans: { fast: 'vhf-2c-4gb' },
      osId: 2136,
    });
    expect(await provisioner.verifySetup()).toEqual({ ok: true, errors: [], warnings: [] });
  });

  it('names each bad setting, and warns about a plan only out of stock', async () => {
    const { provisioner } = await setup({
      region: 'fra',
      plan: 'vc2-4c-8gb',
      plans: { fast: 'vhf-2c-4gb', odd: 'vc9' },
      osId: 7,
    });
    const report = await provisioner.verifySetup();
    expect(report.errors).toEqual([
      'plan "vhf-2c-4gb" is not sold in region "fra"; plans in stock there: vc2-1c-1gb, vc2-1c-2gb, vc2-2c-4gb',
      expect.stringMatching(/^plan "vc9" does not exist; plans: vc2-1c-1gb, /),
      expect.stringMatching(/^osId 7 does not exist; for example: 2284 \(Ubuntu 24.04 LTS x64\)/),
    ]);
    expect(report.warnings).toEqual(['plan "vc2-4c-8gb" is out of stock in region "fra" now']);
  });

  it('reports an unknown region and a wrong key without throwing', async () => {
    const { baseUrl } = await setup();
    expect(
      (
        await createVultrProvisioner({
          apiKey: 'fake-vultr-key',
          baseUrl,
          region: 'xyz',
        }).verifySetup()
      ).errors,
    ).toEqual(['region "xyz" does not exist at Vultr (ids such as "fra", "ewr", "sgp")']);
    expect(
      (await createVultrProvisioner({ apiKey: 'wrong', baseUrl }).verifySetup()).errors[0],
    ).toContain('Vultr rejected the API key');
  });

  it('rejects a config with both osId and imageId, or no key', () => {
    expect(() => createVultrProvisioner({ apiKey: 'k', osId: 1, imageId: 'x' })).toThrow(
      /imageId: set osId or imageId, not both/,
    );
    expect(() => createVultrProvisioner({ region: 'fra' })).toThrow(
      /set exactly one of apiKey or apiKeyFile/,
    );
  });
});
