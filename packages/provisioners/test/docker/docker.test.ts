import { afterEach, describe, expect, it } from 'vitest';
import { isProvisionerError, type ProvisionerError } from '../../src/errors';
import { CONTRACT_LABEL, MANAGED_LABEL, resourceName } from '../../src/naming';
import { createDockerProvisioner } from '../../src/providers/docker';
import { FakeDockerEngine } from '../../src/testing/fakes/docker';
import { FAST, recordingLogger, request } from './helpers';

let engine: FakeDockerEngine;
afterEach(() => engine?.close());

async function setup(
  options: ConstructorParameters<typeof FakeDockerEngine>[0] = {},
  config: object = {},
) {
  engine = new FakeDockerEngine(options);
  const socketPath = await engine.start();
  const logger = recordingLogger();
  const provisioner = createDockerProvisioner(
    { socketPath, publicIpv4: '203.0.113.10', ...config },
    { ...FAST, logger },
  );
  return { provisioner, logger };
}

async function failure(promise: Promise<unknown>): Promise<ProvisionerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isProvisionerError(error))
    throw new Error(`expected a ProvisionerError, got ${String(error)}`);
  return error;
}

describe('docker provisioner: the container it creates', () => {
  it('has our labels, the CPU and memory limits, the renter keys and SSH published on an ephemeral port', async () => {
    const { provisioner } = await setup();
    const req = request();
    const instance = await provisioner.provision(req);
    const [c] = engine.containers();
    expect(c?.Name).toBe(resourceName(req.contractId));
    expect(c?.Labels).toMatchObject({ [CONTRACT_LABEL]: req.contractId, [MANAGED_LABEL]: 'true' });
    expect(c?.HostConfig).toMatchObject({
      NanoCpus: 2e9,
      Memory: 1024 * 1024 * 1024,
      MemorySwap: 1024 * 1024 * 1024,
      RestartPolicy: { Name: 'unless-stopped' },
      PortBindings: { '2222/tcp': [{ HostIp: '', HostPort: '' }] },
    });
    expect(c?.Env).toContain(`PUBLIC_KEY=${req.sshPublicKeys.join('\n')}`);
    expect(instance).toMatchObject({
      externalId: c?.Id,
      status: 'running',
      ipv4: '203.0.113.10',
      sshPort: 32768,
      contractId: req.contractId,
    });
  });

  it('publishes SSH from the configured range and fails cleanly when the range is full', async () => {
    const { provisioner } = await setup({}, { sshPortRange: { from: 30000, to: 30001 } });
    expect((await provisioner.provision(request())).sshPort).toBe(30000);
    expect((await provisioner.provision(request())).sshPort).toBe(30001);
    const third = request();
    const error = await failure(provisioner.provision(third));
    expect(error.code).toBe('capacity_unavailable');
    expect(error.message).toMatch(/all ports are allocated/);
    expect(
      engine.containers().filter((c) => c.Labels[CONTRACT_LABEL] === third.contractId),
    ).toHaveLength(0);
  });

  it('reports the container address and port when no public address is configured', async () => {
    const { provisioner } = await setup({}, { publicIpv4: undefined });
    const instance = await provisioner.provision(request());
    expect(instance.ipv4).toMatch(/^172\.17\.0\.\d+$/);
    expect(instance.sshPort).toBe(2222);
  });

  it('never logs the provider env (it may hold secrets)', async () => {
    const { provisioner, logger } = await setup(
      {},
      { env: { USER_NAME: 'renter', REGISTRY_TOKEN: 'sup3r-s3cret-value' } },
    );
    await provisioner.provision(request());
    expect(engine.containers()[0]?.Env).toContain('REGISTRY_TOKEN=sup3r-s3cret-value');
    expect(logger.text()).not.toContain('sup3r-s3cret-value');
  });
});

describe('docker provisioner: image pulls', () => {
  it('pulls a missing image once, logging progress at debug once per layer and status', async () => {
    const { provisioner, logger } = await setup();
    await provisioner.provision(request());
    await provisioner.provision(request());
    expect(engine.pulls).toEqual(['lscr.io/linuxserver/openssh-server:latest']);
    const progress = logger.lines.filter((l) => l.msg === 'docker pull progress');
    expect(progress.every((l) => l.level === 'debug')).toBe(true);
    const downloading = progress.filter(
      (l) => (l.obj as { status?: string }).status === 'Downloading',
    );
    // Two layers, three progress lines each: logged once per layer.
    expect(downloading).toHaveLength(2);
    expect(
      progress.some((l) =>
        (l.obj as { status?: string }).status?.startsWith('Status: Downloaded newer image'),
      ),
    ).toBe(true);
  });

  it('surfaces the error line of a failed pull as a ProvisionerError and creates nothing', async () => {
    const { provisioner } = await setup();
    engine.failNextPull('failed to register layer: write /var/lib/docker: no space left on device');
    const error = await failure(provisioner.provision(request()));
    expect(error).toMatchObject({ code: 'capacity_unavailable', retryable: false });
    expect(error.message).toMatch(
      /pulling lscr.io\/linuxserver\/openssh-server:latest failed: .*no space left on device/,
    );
    expect(engine.containers()).toHaveLength(0);
    expect(engine.pulls).toHaveLength(1);
  });

  it('retries a pull that broke off for a passing reason', async () => {
    const { provisioner } = await setup();
    engine.failNextPull('unexpected EOF');
    await provisioner.provision(request());
    expect(engine.pulls).toHaveLength(2);
  });

  it('reports an image the registry does not have as a config error', async () => {
    const { provisioner } = await setup({}, { image: 'example.org/nope/missing:1' });
    const error = await failure(provisioner.provision(request()));
    expect(error.code).toBe('invalid_config');
    expect(error.message).toMatch(/pull access denied for example.org\/nope\/missing/);
  });

  it('uses the image mapped from the request image, and never pulls with pullPolicy never', async () => {
    const { provisioner } = await setup(
      { images: ['alpine-ssh:3'] },
      { images: { 'alpine-ssh': 'alpine-ssh:3' }, pullPolicy: 'never' },
    );
    await provisioner.provision(request({ image: 'alpine-ssh' }));
    expect(engine.containers()[0]?.Image).toBe('alpine-ssh:3');
    const error = await failure(provisioner.provision(request({ image: 'other' })));
    expect(error.code).toBe('invalid_config');
    expect(error.message).toMatch(/pullPolicy is "never"/);
    expect(engine.pulls).toEqual([]);
  });
});

describe('docker provisioner: idempotency and ownership', () => {
  it('two concurrent provisions of one contract give one container (the name conflict is adopted)', async () => {
    const { provisioner } = await setup({ images: ['lscr.io/linuxserver/openssh-server:latest'] });
    const req = request();
    const [a, b] = await Promise.all([provisioner.provision(req), provisioner.provision(req)]);
    expect(a.externalId).toBe(b.externalId);
    expect(engine.containers()).toHaveLength(1);
    expect(
      engine.server.log.some((l) => l.path.endsWith('/containers/create') && l.status === 409),
    ).toBe(true);
  });

  it('refuses to adopt a container with our name that is not this contract', async () => {
    const { provisioner } = await setup({ images: ['lscr.io/linuxserver/openssh-server:latest'] });
    const req = request();
    const squatter = engine.addContainer({ name: resourceName(req.contractId) });
    const error = await failure(provisioner.provision(req));
    expect(error).toMatchObject({ code: 'conflict', retryable: false });
    expect(error.message).toMatch(
      /already exists and is not this contract's \(no dc-contract label\)/,
    );
    expect(engine.containers().map((c) => c.Id)).toEqual([squatter.Id]);
  });

  it('does not adopt a container whose label holds a different contract id with the same prefix', async () => {
    const { provisioner } = await setup({ images: ['lscr.io/linuxserver/openssh-server:latest'] });
    const req = request();
    engine.addContainer({
      name: resourceName(req.contractId),
      labels: { [CONTRACT_LABEL]: `${req.contractId}-other`, [MANAGED_LABEL]: 'true' },
    });
    await expect(provisioner.provision(req)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('never touches a container that is not ours', async () => {
    const { provisioner } = await setup();
    const foreign = engine.addContainer();
    await expect(provisioner.terminate(foreign.Id)).rejects.toMatchObject({
      code: 'invalid_request',
      retryable: false,
    });
    await expect(provisioner.stop?.(foreign.Id)).rejects.toMatchObject({ code: 'invalid_request' });
    expect(await provisioner.getInstance(foreign.Id)).toBeNull();
    expect((await provisioner.health(foreign.Id)).state).toBe('unknown');
    expect(engine.containers()[0]?.State.Running).toBe(true);
  });

  it('rejects an external id that is not a container reference', async () => {
    const { provisioner } = await setup();
    await expect(provisioner.terminate('../../images/x')).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });
});

describe('docker provisioner: health and power', () => {
  it('reports uptime from StartedAt, and an exited container with its exit code', async () => {
    engine = new FakeDockerEngine();
    const socketPath = await engine.start();
    const later = Date.now() + 90_000;
    const provisioner = createDockerProvisioner({ socketPath }, { ...FAST, now: () => later });
    const instance = await provisioner.provision(request());
    const healthy = await provisioner.health(instance.externalId);
    expect(healthy.state).toBe('healthy');
    expect(healthy.state === 'healthy' && healthy.uptimeSeconds).toBeGreaterThanOrEqual(89);
    engine.stopOutOfBand(instance.externalId);
    expect(await provisioner.health(instance.externalId)).toMatchObject({
      state: 'unhealthy',
      reason: expect.stringMatching(/exited with exit code 0/),
    });
  });

  it('stops and starts a container, both safe to repeat', async () => {
    const { provisioner } = await setup();
    const instance = await provisioner.provision(request());
    await provisioner.stop?.(instance.externalId);
    await provisioner.stop?.(instance.externalId);
    expect((await provisioner.getInstance(instance.externalId))?.status).toBe('stopped');
    await provisioner.start?.(instance.externalId);
    await provisioner.start?.(instance.externalId);
    expect((await provisioner.getInstance(instance.externalId))?.status).toBe('running');
  });
});

describe('docker provisioner: API versions', () => {
  it('negotiates the Engine version, capped at the newest it knows', async () => {
    const { provisioner } = await setup({ apiVersion: '1.52' });
    await provisioner.listInstances();
    expect(engine.server.log.map((l) => l.path)).toEqual(['/version', '/v1.47/containers/json']);
  });

  it('speaks an older Engine its own version', async () => {
    const { provisioner } = await setup({ apiVersion: '1.43' });
    await provisioner.listInstances();
    expect(engine.server.log.at(-1)?.path).toBe('/v1.43/containers/json');
  });

  it('reports an Engine that is too old', async () => {
    const { provisioner } = await setup({ apiVersion: '1.40' });
    const report = await provisioner.verifySetup();
    expect(report.ok).toBe(false);
    expect(report.errors[0]).toMatch(/older than 1\.41: upgrade Docker/);
  });

  it('reports a pinned version the Engine does not speak', async () => {
    const { provisioner } = await setup({ apiVersion: '1.43' }, { apiVersion: '1.45' });
    expect((await provisioner.verifySetup()).errors[0]).toMatch(
      /apiVersion 1.45 is newer than the Engine's 1.43/,
    );
    await expect(provisioner.listInstances()).rejects.toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(/client version 1.45 is too new/),
    });
  });
});

describe('docker provisioner: setup checks', () => {
  it('warns about a missing image and a missing public address, errors on a missing network', async () => {
    const { provisioner } = await setup({}, { publicIpv4: undefined, network: 'dc-net' });
    const report = await provisioner.verifySetup();
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual([expect.stringMatching(/network dc-net does not exist/)]);
    expect(report.warnings).toEqual([
      expect.stringMatching(
        /image lscr.io\/linuxserver\/openssh-server:latest is not on this host yet/,
      ),
      expect.stringMatching(/publicIpv4 is not set/),
    ]);
  });

  it('reports config mistakes by field without throwing, and fails calls with invalid_config', async () => {
    engine = new FakeDockerEngine();
    const provisioner = createDockerProvisioner(
      { socket_path: '/x', containerSshPort: 0 } as never,
      FAST,
    );
    const report = await provisioner.verifySetup();
    expect(report.ok).toBe(false);
    expect(report.errors.join('\n')).toMatch(/containerSshPort/);
    expect(report.errors.join('\n')).toMatch(/socket_path/);
    await expect(provisioner.listInstances()).rejects.toMatchObject({ code: 'invalid_config' });
  });

  it('names the socket when no Engine listens there', async () => {
    engine = new FakeDockerEngine();
    await engine.start();
    const provisioner = createDockerProvisioner({ socketPath: engine.missingSocketPath }, FAST);
    const error = await failure(provisioner.listInstances());
    expect(error).toMatchObject({ code: 'network_error', retryable: true });
    expect(error.message).toContain(engine.missingSocketPath);
  });
});
