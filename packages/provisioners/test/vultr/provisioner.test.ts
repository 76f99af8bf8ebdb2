import { describe, expect, it } from 'vitest';
import { contractTag } from '../../src/providers/_tagged-cloud/tags';
import { classifyVultrError } from '../../src/providers/vultr/errors';
import { closingFakes, failure } from '../_shared/fakes';
import { newContractId } from '../digitalocean/helpers';
import { setupVultr, vultrRequest } from './helpers';

const setup = closingFakes(setupVultr);

describe('vultr provisioner', () => {
  it('creates a tagged, labelled instance with base64 cloud-init and hands over the one-time password', async () => {
    const { fake, provisioner } = await setup();
    const request = vultrRequest();
    const instance = await provisioner.provision(request);
    const [created] = fake.instances();
    const name = `dc-${request.contractId.slice(0, 12).toLowerCase()}`;
    expect(created).toMatchObject({
      label: name,
      hostname: name,
      tags: ['dc-managed', `dc-contract-${request.contractId}`],
      os_id: 2284,
      plan: 'vc2-1c-1gb',
      region: 'fra',
    });
    const userData = Buffer.from(
      fake.state.instances.get(instance.externalId)?.user_data ?? '',
      'base64',
    ).toString('utf8');
    expect(userData).toContain('#cloud-config');
    expect(userData).toContain(request.sshPublicKeys[0]);
    expect(fake.state.instances.get(instance.externalId)?.sshkey_ids).toHaveLength(1);
    expect(fake.keys()).toEqual([]);
    expect(instance).toMatchObject({ status: 'running', sshPort: 22, provisioner: 'vultr' });
    expect(instance.ipv4).toMatch(/^198\.51\.100\./);
    expect(instance.rootPassword).toMatch(/^[\w-]{16}$/);
    // Adopting the same contract cannot know the password any more.
    const again = await provisioner.provision(request);
    expect(again.externalId).toBe(instance.externalId);
    expect(again.rootPassword).toBeUndefined();
  });

  it('checks plan × region before creating, naming plan and region', async () => {
    const { fake, provisioner } = await setup();
    const soldOut = await failure(
      provisioner.provision(vultrRequest({ config: { plan: 'vc2-4c-8gb' } })),
    );
    expect(soldOut).toMatchObject({ code: 'capacity_unavailable', retryable: true });
    expect(soldOut.message).toBe(
      'plan "vc2-4c-8gb" is out of stock in region "fra" now; plans in stock there: vc2-1c-1gb, vc2-1c-2gb, vc2-2c-4gb',
    );
    const notSold = await failure(
      provisioner.provision(vultrRequest({ location: 'ams', config: { plan: 'vc2-2c-4gb' } })),
    );
    expect(notSold).toMatchObject({ code: 'invalid_config', retryable: false });
    expect(notSold.message).toContain('is not sold in region "ams"');
    const unknown = await failure(
      provisioner.provision(vultrRequest({ config: { plan: 'vc9-64c' } })),
    );
    expect(unknown.message).toContain('plan "vc9-64c" does not exist');
    const region = await failure(provisioner.provision(vultrRequest({ location: 'xyz' })));
    expect(region).toMatchObject({
      code: 'invalid_config',
      message: 'region "xyz" does not exist at Vultr',
    });
    expect(fake.instances()).toEqual([]);
    expect(fake.keys()).toEqual([]);
    expect(fake.server.log.filter((e) => e.method === 'POST')).toEqual([]);
  });

  it('picks the cheapest plan in stock, per offering plan, or asks for an OS id', async () => {
    const { fake, provisioner } = await setup({ plans: { pinned: 'vc2-1c-2gb' } });
    await provisioner.provision(vultrRequest({ cpuCores: 2, memoryMiB: 2048 }));
    expect(fake.instances()[0]?.plan).toBe('vc2-2c-4gb');
    const pinned = await provisioner.provision(vultrRequest({ offeringId: 'pinned' }));
    expect(fake.state.instances.get(pinned.externalId)?.plan).toBe('vc2-1c-2gb');
    const noOs = await failure(provisioner.provision(vultrRequest({ image: 'ubuntu-24.04' })));
    expect(noOs).toMatchObject({ code: 'invalid_config' });
    expect(noOs.message).toContain('set osId');
  });

  it('deletes the instance and keys when the deploy fails', async () => {
    const { fake, provisioner } = await setup();
    fake.server.faults.failActionNext = 1;
    const error = await failure(provisioner.provision(vultrRequest()));
    expect(error).toMatchObject({
      code: 'upstream_error',
      retryable: true,
      upstreamCode: 'status_errored',
    });
    expect(fake.instances()).toEqual([]);
    expect(fake.keys()).toEqual([]);
  });

  it('maps Vultr 400 answers to precise errors', async () => {
    const { fake, provisioner } = await setup({ osId: 9999 });
    const error = await failure(provisioner.provision(vultrRequest()));
    expect(error).toMatchObject({ code: 'invalid_request', upstreamCode: 'http_400' });
    expect(error.message).toContain('Invalid os_id: 9999.');
    expect(fake.keys()).toEqual([]);
    expect(
      classifyVultrError(400, {
        error: 'You have reached the maximum monthly fee limit for this account.',
        status: 400,
      })?.code,
    ).toBe('quota_exceeded');
    expect(
      classifyVultrError(400, {
        error: 'Plan is not available in the selected region.',
        status: 400,
      })?.code,
    ).toBe('capacity_unavailable');
    expect(classifyVultrError(401, { error: 'Invalid API token.', status: 401 })?.code).toBe(
      'auth_failed',
    );
    expect(classifyVultrError(502, '<html>')).toBeUndefined();
  });

  it('halts and starts and reports health from status and power', async () => {
    const { provisioner } = await setup();
    const { externalId } = await provisioner.provision(vultrRequest());
    await provisioner.stop?.(externalId);
    expect(await provisioner.health(externalId)).toEqual({
      state: 'unhealthy',
      reason: 'instance is stopped',
    });
    expect((await provisioner.getInstance(externalId))?.status).toBe('stopped');
    await provisioner.start?.(externalId);
    expect(await provisioner.health(externalId)).toEqual({ state: 'healthy', uptimeSeconds: null });
    expect(provisioner.capabilities).toEqual({
      stop: true,
      resetPassword: false,
      resize: false,
      list: true,
    });
  });

  it('never touches an instance it did not make', async () => {
    const { fake, provisioner } = await setup();
    const foreign = fake.state.addInstance({
      region: 'fra',
      plan: 'vc2-1c-1gb',
      label: 'web',
      tags: [contractTag(newContractId())],
      osId: 2284,
      ready: true,
    });
    await expect(provisioner.terminate(foreign.id)).rejects.toMatchObject({
      code: 'invalid_request',
    });
    expect(fake.instances()).toHaveLength(1);
    expect(await provisioner.getInstance(foreign.id)).toBeNull();
    expect(await provisioner.listInstances()).toEqual([]);
    await expect(provisioner.health('not-a-uuid')).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });

  it('follows the cursor through every page', async () => {
    const { fake, provisioner } = await setup({ pageSize: 2 });
    for (let i = 0; i < 5; i++) {
      fake.state.addInstance({
        region: 'fra',
        plan: 'vc2-1c-1gb',
        label: `dc-${i}`,
        tags: ['dc-managed', contractTag(newContractId())],
        osId: 2284,
        ready: true,
      });
    }
    expect(await provisioner.listInstances()).toHaveLength(5);
    expect(fake.server.log.filter((e) => e.path === '/v2/instances')).toHaveLength(3);
  });

  it('backs off and retries a 429 that carries no rate-limit headers', async () => {
    const waits: number[] = [];
    const { fake, provisioner } = await setup(
      {},
      {},
      { random: () => 0.5, baseDelayMs: 100, sleep: async (ms) => void waits.push(ms) },
    );
    fake.server.faults.rateLimitNext = 2;
    expect(await provisioner.listInstances()).toEqual([]);
    expect(waits).toEqual([50, 100]);
    expect(fake.server.log.map((e) => e.status)).toEqual([429, 429, 200]);
  });

  it('keeps the API key, the root password and the user data out of logs', async () => {
    const { fake, provisioner, lines } = await setup();
    const instance = await provisioner.provision(
      vultrRequest({ script: 'echo very-secret-recipe' }),
    );
    await provisioner.verifySetup();
    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(5);
    expect(all).not.toContain(fake.apiKey);
    expect(all).not.toContain(instance.rootPassword);
    expect(all).not.toContain('very-secret-recipe');
    expect(all).not.toContain(Buffer.from('echo very-secret-recipe').toString('base64'));
  });
});
