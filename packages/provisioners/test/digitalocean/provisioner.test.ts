import { describe, expect, it } from 'vitest';
import { contractTag } from '../../src/providers/_tagged-cloud/tags';
import { createDigitalOceanProvisioner } from '../../src/providers/digitalocean/provisioner';
import { closingFakes, failure } from '../_shared/fakes';
import { doRequest, newContractId, setupDo } from './helpers';

const setup = closingFakes(setupDo);

describe('digitalocean provisioner', () => {
  it('creates a tagged droplet with cloud-init user data and removes the SSH keys it stored', async () => {
    const { fake, provisioner } = await setup();
    const request = doRequest();
    const instance = await provisioner.provision(request);
    const [droplet] = fake.droplets();
    expect(droplet?.name).toBe(`dc-${request.contractId.slice(0, 12).toLowerCase()}`);
    expect(droplet?.tags).toEqual(['dc-managed', `dc-contract-${request.contractId}`]);
    expect(droplet?.user_data).toContain('#cloud-config');
    expect(droplet?.user_data).toContain(request.sshPublicKeys[0]);
    expect(droplet?.ssh_key_ids).toHaveLength(1);
    expect(fake.keys()).toEqual([]);
    expect(instance).toMatchObject({ status: 'running', sshPort: 22, provisioner: 'digitalocean' });
    expect(instance.ipv4).toMatch(/^203\.0\.113\./);
    expect(instance.rootPassword).toBeUndefined();
  });

  it('uses a key the account already has and leaves it there', async () => {
    const { fake, provisioner } = await setup();
    const request = doRequest();
    const existing = fake.state.addKey('provider laptop', request.sshPublicKeys[0] ?? '');
    await provisioner.provision(request);
    expect(fake.droplets()[0]?.ssh_key_ids).toEqual([existing.id]);
    expect(fake.keys().map((k) => k.id)).toEqual([existing.id]);
  });

  it('adopts only a droplet whose tag carries the full contract id', async () => {
    const { fake, provisioner } = await setup();
    const shared = 'samePrefix12';
    const a = await provisioner.provision(doRequest({ contractId: `${shared}-contract-a` }));
    const b = await provisioner.provision(doRequest({ contractId: `${shared}-contract-b` }));
    expect(a.externalId).not.toBe(b.externalId);
    // A droplet with the contract tag but not our managed tag is not adopted.
    const id = newContractId();
    fake.state.addDroplet({
      name: 'lookalike',
      region: 'fra1',
      size: 's-1vcpu-1gb',
      image: 'ubuntu-24-04-x64',
      tags: [contractTag(id)],
      status: 'active',
    });
    const mine = await provisioner.provision(doRequest({ contractId: id }));
    expect(fake.droplets().filter((d) => d.tags.includes(contractTag(id)))).toHaveLength(2);
    expect(
      (await provisioner.listInstances()).find((m) => m.externalId === mine.externalId)?.contractId,
    ).toBe(id);
  });

  it('keeps upper-case contract ids exact through the case-insensitive tags', async () => {
    const { fake, provisioner } = await setup();
    const id = 'MixedCase_Id0001';
    // Someone used this tag before in upper case: DigitalOcean keeps that spelling for it.
    fake.state.canonicalTag(contractTag(id).toUpperCase());
    const first = await provisioner.provision(doRequest({ contractId: id }));
    expect(first.contractId).toBe(id);
    expect(fake.droplets()[0]?.tags[1]).toBe('DC-CONTRACT-:MIXED:CASE_:ID0001');
    expect((await provisioner.provision(doRequest({ contractId: id }))).externalId).toBe(
      first.externalId,
    );
    const lower = await provisioner.provision(doRequest({ contractId: id.toLowerCase() }));
    expect(lower.externalId).not.toBe(first.externalId);
  });

  it('picks the cheapest size that fits in the region, or says why none does', async () => {
    const { fake, provisioner } = await setup();
    await provisioner.provision(doRequest({ cpuCores: 2, memoryMiB: 3000, diskGiB: 40 }));
    expect(fake.droplets()[0]?.size_slug).toBe('s-2vcpu-4gb');
    const soldOut = await failure(
      provisioner.provision(doRequest({ cpuCores: 2, memoryMiB: 4096, location: 'ams3' })),
    );
    expect(soldOut).toMatchObject({ code: 'capacity_unavailable', retryable: true });
    expect(soldOut.message).toContain('region ams3');
    const tooBig = await failure(provisioner.provision(doRequest({ cpuCores: 64 })));
    expect(tooBig).toMatchObject({ code: 'invalid_request', retryable: false });
    expect(tooBig.message).toContain('64 vCPU');
  });

  it('maps DigitalOcean 422 answers to precise errors and leaves nothing behind', async () => {
    const { fake, provisioner } = await setup({ size: 's-4vcpu-8gb' });
    const error = await failure(provisioner.provision(doRequest()));
    expect(error).toMatchObject({
      code: 'capacity_unavailable',
      upstreamCode: 'unprocessable_entity',
    });
    expect(error.message).toContain('Size is not available in this region.');
    expect(fake.droplets()).toEqual([]);
    expect(fake.keys()).toEqual([]);

    fake.state.dropletLimit = 0;
    const limited = await failure(
      provisioner.provision(doRequest({ config: { size: 's-1vcpu-1gb' } })),
    );
    expect(limited).toMatchObject({ code: 'quota_exceeded', retryable: false });
    expect(limited.message).toContain('droplet limit');
  });

  it('rejects bad configs and requests with the field at fault', async () => {
    const bad = await failure(
      Promise.resolve().then(() =>
        createDigitalOceanProvisioner({ token: 't', region: 'Frankfurt', colour: 'blue' } as never),
      ),
    );
    expect(bad.code).toBe('invalid_config');
    expect(bad.message).toContain('region');
    expect(bad.message).toContain('colour');
    expect(
      (await failure(Promise.resolve().then(() => createDigitalOceanProvisioner({})))).message,
    ).toContain('token or tokenFile');

    const { provisioner } = await setup();
    const offering = await failure(provisioner.provision(doRequest({ config: { flavour: 'x' } })));
    expect(offering).toMatchObject({ code: 'invalid_request' });
    expect(offering.message).toContain('flavour');
    const location = await failure(provisioner.provision(doRequest({ location: 'Frankfurt, DE' })));
    expect(location.message).toContain('"Frankfurt, DE" is not a DigitalOcean region slug');
    expect((await failure(provisioner.getInstance('../account'))).code).toBe('invalid_request');
  });

  it('deletes the droplet and keys when the create action does not finish in time', async () => {
    const { fake, provisioner } = await setup(
      { createTimeoutMs: 1_000 },
      { actionDelayMs: 60_000 },
    );
    const error = await failure(provisioner.provision(doRequest()));
    expect(error).toMatchObject({ code: 'timeout', retryable: true });
    expect(fake.droplets()).toEqual([]);
    expect(fake.keys()).toEqual([]);
  });

  it('waits for the create action of a droplet it adopts while still new', async () => {
    const { fake, provisioner } = await setup({}, { actionDelayMs: 150 });
    const request = doRequest();
    fake.server.faults.crashAfterCreateNext = 1;
    await failure(provisioner.provision(request));
    expect(fake.droplets()[0]?.status).toBe('new');
    const instance = await provisioner.provision(request);
    expect(instance.status).toBe('running');
    expect(fake.server.log.some((e) => /\/v2\/droplets\/\d+\/actions$/.test(e.path))).toBe(true);
    expect(fake.keys()).toEqual([]);
  });

  it('stops and starts through power actions and reports health from the status', async () => {
    const { provisioner } = await setup();
    const { externalId } = await provisioner.provision(doRequest());
    await provisioner.stop?.(externalId);
    expect(await provisioner.health(externalId)).toEqual({
      state: 'unhealthy',
      reason: 'droplet is powered off',
    });
    await provisioner.stop?.(externalId); // already off: nothing to do
    await provisioner.start?.(externalId);
    expect(await provisioner.health(externalId)).toEqual({ state: 'healthy', uptimeSeconds: null });
    expect(provisioner.capabilities.resetPassword).toBe(false);
    expect(provisioner.resetPassword).toBeUndefined();
  });

  it('never touches a droplet it did not make', async () => {
    const { fake, provisioner } = await setup();
    const foreign = fake.state.addDroplet({
      name: 'web',
      region: 'fra1',
      size: 's-1vcpu-1gb',
      image: 'ubuntu-24-04-x64',
      tags: ['web'],
      status: 'active',
    });
    const error = await failure(provisioner.terminate(String(foreign.id)));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('dc-managed');
    expect(fake.droplets()).toHaveLength(1);
    expect(await provisioner.getInstance(String(foreign.id))).toBeNull();
    await expect(provisioner.stop?.(String(foreign.id))).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });

  it('reads every page of a list', async () => {
    const { fake, provisioner } = await setup({ pageSize: 2 });
    for (let i = 0; i < 5; i++) {
      fake.state.addDroplet({
        name: `dc-${i}`,
        region: 'fra1',
        size: 's-1vcpu-1gb',
        image: 'ubuntu-24-04-x64',
        tags: ['dc-managed', contractTag(newContractId())],
        status: 'active',
      });
    }
    expect(await provisioner.listInstances()).toHaveLength(5);
    expect(fake.server.log.filter((e) => e.path === '/v2/droplets')).toHaveLength(3);
  });

  it('waits as long as ratelimit-reset says after a 429', async () => {
    const waits: number[] = [];
    const { fake, provisioner } = await setup(
      {},
      {},
      { random: () => 0, sleep: async (ms) => void waits.push(ms), maxDelayMs: 5_000 },
    );
    fake.server.faults.rateLimitNext = 1;
    expect(await provisioner.listInstances()).toEqual([]);
    // Backoff with random() = 0 would wait 0 ms; the wait came from the reset timestamp.
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(0);
    expect(waits[0]).toBeLessThanOrEqual(1_000);
    expect(fake.server.log.map((e) => e.status)).toEqual([429, 200]);
  });

  it('keeps the token and the user data out of logs', async () => {
    const { fake, provisioner, lines } = await setup();
    const request = doRequest({ script: 'echo very-secret-recipe' });
    await provisioner.provision(request);
    await provisioner.verifySetup();
    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(5);
    expect(all).not.toContain(fake.token);
    expect(all).not.toContain(Buffer.from('echo very-secret-recipe').toString('base64'));
    expect(all).not.toContain('very-secret-recipe');
  });
});
