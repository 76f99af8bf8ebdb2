import { afterEach, describe, expect, it } from 'vitest';
import { createProxmoxProvisioner } from '../../src/providers/proxmox/index';
import { RECIPE_RUNNER } from '../../src/providers/proxmox/recipe';
import type { FakeProxmox } from '../../src/testing/fakes/proxmox/index';
import { contractId, KEY_A, KEY_B, request, setup } from './helpers';

let fake: FakeProxmox | undefined;
afterEach(() => fake?.close());

async function started(options: Parameters<typeof setup>[0] = {}) {
  const s = await setup(options);
  fake = s.fake;
  return s;
}

const calls = (f: FakeProxmox) =>
  f.log.map((l) => `${l.method} ${l.path.replace('/api2/json', '')} ${l.status}`);

describe('proxmox provision', () => {
  it('allocates the id with nextid, clones, configures cloud-init, grows the disk, starts and finds the address', async () => {
    const { provisioner, fake: f } = await started();
    f.addVm(100, { name: 'someone-else' });
    const id = contractId();
    const instance = await provisioner.provision(
      request(id, { sshPublicKeys: [KEY_A, KEY_B], cpuCores: 4, memoryMiB: 4096, diskGiB: 50 }),
    );
    expect(instance).toMatchObject({
      externalId: 'pve/101',
      provisioner: 'proxmox',
      contractId: id,
      status: 'running',
      ipv4: '10.10.0.101',
      ipv6: '2001:db8::65',
      sshPort: 22,
    });
    expect(instance.rootPassword).toBeUndefined();
    const vm = f.vm(101);
    expect(vm?.config).toMatchObject({
      name: `dc-${id.slice(0, 12)}`,
      description: expect.stringContaining(`dc-contract=${id}\n`),
      tags: 'dc-managed',
      ciuser: 'root',
      cores: 4,
      memory: '4096',
      ipconfig0: 'ip=dhcp',
      agent: '1',
      scsi0: 'local-lvm:vm-101-disk-0,iothread=1,size=50G',
    });
    expect(decodeURIComponent(String(vm?.config['sshkeys']))).toBe(`${KEY_A}\n${KEY_B}\n`);
    expect(vm?.status).toBe('running');
    const log = calls(f);
    expect(log).toContain('GET /cluster/nextid 200');
    expect(log).toContain('POST /nodes/pve/qemu/9000/clone 200');
    expect(log.indexOf('PUT /nodes/pve/qemu/101/resize 200')).toBeGreaterThan(
      log.indexOf('POST /nodes/pve/qemu/101/config 200'),
    );
    expect(log.indexOf('POST /nodes/pve/qemu/101/status/start 200')).toBeGreaterThan(
      log.indexOf('PUT /nodes/pve/qemu/101/resize 200'),
    );
    expect(f.tasks().map((t) => t.type)).toEqual(['qmclone', 'qmconfig', 'qmresize', 'qmstart']);
  });

  it('clones onto the configured storage and bridge', async () => {
    const { provisioner, fake: f } = await started({
      config: { storage: 'local-lvm', bridge: 'vmbr1' },
    });
    f.addBridge('vmbr1');
    const instance = await provisioner.provision(request(contractId()));
    const vm = f.vm(Number(instance.externalId.split('/')[1]));
    expect(vm?.config['net0']).toMatch(/^virtio=BC:24:11:[0-9A-F:]+,bridge=vmbr1,firewall=1$/);
  });

  it('generates a root password when there are no SSH keys, via cloud-init and the guest agent', async () => {
    const { provisioner, logger, fake: f } = await started();
    const instance = await provisioner.provision(request(contractId(), { sshPublicKeys: [] }));
    expect(instance.rootPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const vm = f.vm(100);
    expect(vm?.cloudInitPassword).toBe(instance.rootPassword);
    expect(vm?.guestPasswords.get('root')).toBe(instance.rootPassword);
    expect(vm?.config['sshkeys']).toBeUndefined();
    expect(logger.lines.join('\n')).not.toContain(instance.rootPassword);
  });

  it('takes a fresh id when another client took the offered one', async () => {
    const { provisioner, fake: f } = await started();
    f.takeIdOnNextClone = 1;
    const id = contractId();
    const instance = await provisioner.provision(request(id));
    expect(instance.externalId).toBe('pve/101');
    expect(f.vm(100)?.config['name']).toBe('other-client-100');
    expect(f.vmsOf(id).map((v) => v.vmid)).toEqual([101]);
  });

  it('reports a failed clone with its exit status and log tail, leaving nothing behind', async () => {
    const { provisioner, fake: f } = await started();
    f.failNextTask('qmclone', "clone failed: storage 'local-lvm' is not online");
    const id = contractId();
    const error = await provisioner.provision(request(id)).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'ProvisionerError',
      code: 'upstream_error',
      upstreamCode: 'task_failed',
    });
    expect((error as Error).message).toContain(
      "cloning template 9000 to VM 100 failed: clone failed: storage 'local-lvm' is not online; task log tail:",
    );
    expect((error as Error).message).toContain(
      "TASK ERROR: clone failed: storage 'local-lvm' is not online",
    );
    expect(f.vmsOf(id)).toEqual([]);
  });

  it('stops and destroys the VM when a step after the clone fails', async () => {
    const { provisioner, fake: f } = await started({ provisioner: { agentTimeoutMs: 100 } });
    const id = contractId();
    f.agentDelayMs = 60_000; // the guest agent never answers
    await expect(provisioner.provision(request(id))).rejects.toMatchObject({ code: 'timeout' });
    expect(f.vmsOf(id)).toEqual([]);
    const log = calls(f);
    expect(log.indexOf('DELETE /nodes/pve/qemu/100 200')).toBeGreaterThan(
      log.indexOf('POST /nodes/pve/qemu/100/status/stop 200'),
    );
  });

  it('still removes the VM when the provision is aborted', async () => {
    const { provisioner, fake: f } = await started();
    const id = contractId();
    f.agentDelayMs = 60_000;
    const controller = new AbortController();
    const pending = provisioner.provision(request(id), { signal: controller.signal });
    while (f.vm(100)?.status !== 'running') await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
    expect(f.vmsOf(id)).toEqual([]);
  });

  it('adopts only a VM whose description carries the full contract id', async () => {
    const { provisioner, fake: f } = await started();
    const id = contractId('samepref');
    const sibling = `${id.slice(0, 12)}zzzzzzzzzz`; // same 12-character prefix, same VM name
    f.addVm(
      100,
      {
        name: `dc-${id.slice(0, 12)}`,
        description: `dc-contract=${sibling}\n`,
        tags: 'dc-managed',
        scsi0: 'local-lvm:vm-100-disk-0,size=20G',
      },
      'running',
    );
    const instance = await provisioner.provision(request(id));
    expect(instance.externalId).toBe('pve/101');
    expect(f.vm(100)?.config['description']).toBe(`dc-contract=${sibling}\n`);
  });

  it('after a crash during a slow clone, waits for it and adopts it instead of cloning again', async () => {
    const { provisioner, fake: f } = await started({ fake: { taskDurationMs: 1_500 } });
    const id = contractId();
    f.faults.crashAfterCreateNext = 1;
    await expect(provisioner.provision(request(id))).rejects.toMatchObject({
      code: 'network_error',
      retryable: true,
    });
    expect(f.vm(100)?.config).toEqual({ lock: 'clone' });
    const instance = await provisioner.provision(request(id));
    expect(instance.externalId).toBe('pve/100');
    expect(f.vms().filter((v) => v.vmid !== 9000)).toHaveLength(1);
  });

  it('is a no-op on a second call for a finished VM (no second clone, no restart)', async () => {
    const { provisioner, fake: f } = await started();
    const id = contractId();
    await provisioner.provision(request(id));
    const tasksBefore = f.tasks().length;
    const again = await provisioner.provision(request(id));
    expect(again.externalId).toBe('pve/100');
    expect(
      f
        .tasks()
        .slice(tasksBefore)
        .map((t) => t.type),
    ).toEqual(['qmconfig']);
  });

  it('runs the recipe through the guest agent with the script on stdin', async () => {
    const { provisioner, fake: f } = await started();
    f.setExecResult({ exitcode: 0, out: 'installed nginx\n' });
    const instance = await provisioner.provision(
      request(contractId(), { script: 'apt-get install -y nginx' }),
    );
    expect(instance.recipe).toEqual({
      status: 'succeeded',
      exitCode: 0,
      logTail: 'installed nginx\n',
    });
    const exec = [...(f.vm(100)?.execs.values() ?? [])][0];
    expect(exec).toMatchObject({
      command: ['/bin/sh', '-c', RECIPE_RUNNER],
      input: 'apt-get install -y nginx',
    });
  });

  it('reports a failing recipe as failed with its exit code, keeping the server', async () => {
    const { provisioner, fake: f } = await started();
    f.setExecResult({ exitcode: 3, out: 'E: Unable to locate package ngnix\n' });
    const instance = await provisioner.provision(
      request(contractId(), { script: 'apt-get install -y ngnix' }),
    );
    expect(instance.recipe).toEqual({
      status: 'failed',
      exitCode: 3,
      logTail: 'E: Unable to locate package ngnix\n',
    });
    expect(f.vm(100)?.status).toBe('running');
  });

  it('rejects unknown request config keys with the allowed ones', async () => {
    const { provisioner } = await started();
    await expect(
      provisioner.provision(request(contractId(), { config: { colour: 'red' } })),
    ).rejects.toMatchObject({
      code: 'invalid_request',
      message: expect.stringContaining('allowed keys: templateVmId, storage, bridge'),
    });
  });

  it('clones the template a numeric image names', async () => {
    const { provisioner, fake: f } = await started();
    f.addVm(9001, {
      name: 'debian-12',
      template: 1,
      agent: '1',
      scsi0: 'local-lvm:base-9001-disk-0,size=2G',
      net0: 'virtio=BC:24:11:00:00:09,bridge=vmbr0',
    });
    await provisioner.provision(request(contractId(), { image: '9001' }));
    expect(calls(f)).toContain('POST /nodes/pve/qemu/9001/clone 200');
  });
});

describe('proxmox errors, retries and logs', () => {
  it('maps a rejected token to auth_failed without retrying, and never logs the secret', async () => {
    const { fake: f, config, logger } = await started();
    const bad = createProxmoxProvisioner(
      { ...config, tokenSecret: 'wrong-secret-value' },
      { logger },
    );
    await expect(bad.provision(request(contractId()))).rejects.toMatchObject({
      code: 'auth_failed',
      retryable: false,
      upstreamCode: 'token_rejected',
      message: expect.stringContaining('API token rejected (invalid token value!)'),
    });
    expect(f.log.filter((l) => l.status === 401)).toHaveLength(1);
    const text = logger.lines.join('\n');
    expect(text).not.toContain('wrong-secret-value');
    expect(text).not.toContain(f.tokenSecret);
  });

  it('reads the token secret from a file', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'pve-'));
    const { fake: f } = await started();
    await writeFile(join(dir, 'secret'), `${f.tokenSecret}\n`, { mode: 0o600 });
    const { tokenSecret: _, ...config } = f.providerConfig();
    const p = createProxmoxProvisioner({ ...config, tokenSecretFile: join(dir, 'secret') });
    expect((await p.verifySetup()).errors).toEqual([]);
    const missing = createProxmoxProvisioner({ ...config, tokenSecretFile: join(dir, 'nope') });
    expect((await missing.verifySetup()).errors).toEqual([
      `tokenSecretFile "${join(dir, 'nope')}" cannot be read (ENOENT)`,
    ]);
  });

  it('retries 429 and 5xx answers on reads', async () => {
    const { provisioner, fake: f } = await started();
    f.faults.rateLimitNext = 2;
    await provisioner.listInstances();
    f.faults.serverErrorNext = 1;
    await provisioner.listInstances();
    expect(calls(f).map((c) => c.split(' ')[2])).toEqual(['429', '429', '200', '503', '200']);
  });

  it('maps an unreachable node (595) to a retryable upstream error, and health to unknown', async () => {
    const { provisioner, fake: f } = await started({ provisioner: { retry: { retries: 0 } } });
    f.setNodeOnline('pve', false);
    expect(await provisioner.health('pve/100')).toEqual({
      state: 'unknown',
      reason: expect.stringContaining('the API host cannot reach the node: No route to host'),
    });
    await expect(provisioner.start?.('pve/100')).rejects.toMatchObject({
      code: 'upstream_error',
      retryable: true,
      upstreamCode: 'node_unreachable',
    });
  });
});

describe('proxmox lifecycle', () => {
  it('terminates: hard stop, then destroy with purge; gone is done', async () => {
    const { provisioner, fake: f } = await started();
    const instance = await provisioner.provision(request(contractId()));
    const before = f.log.length ?? 0;
    await provisioner.terminate(instance.externalId);
    expect(
      calls(f)
        .slice(before)
        .filter((c) => !c.includes('/tasks/')),
    ).toEqual([
      'GET /nodes/pve/qemu/100/config 200',
      'GET /nodes/pve/qemu/100/status/current 200',
      'POST /nodes/pve/qemu/100/status/stop 200',
      'DELETE /nodes/pve/qemu/100 200',
    ]);
    expect(f.vm(100)).toBeUndefined();
    expect(f.destroyed()).toEqual([
      { vmid: 100, query: { purge: '1', 'destroy-unreferenced-disks': '1' } },
    ]);
    await expect(provisioner.terminate(instance.externalId)).resolves.toBeUndefined();
  });

  it('refuses to terminate, reset or stop a VM that is not ours', async () => {
    const { provisioner, fake: f } = await started();
    f.addVm(100, { name: 'customer-db', description: 'production database' }, 'running');
    const refusal = {
      code: 'invalid_request',
      message: expect.stringContaining('was not made by Decent Cloud'),
    };
    await expect(provisioner.terminate('pve/100')).rejects.toMatchObject(refusal);
    await expect(provisioner.resetPassword?.('pve/100')).rejects.toMatchObject(refusal);
    await expect(provisioner.stop?.('pve/100')).rejects.toMatchObject(refusal);
    await expect(
      provisioner.setSshKeys?.('pve/100', ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHkey me@host']),
    ).rejects.toMatchObject(refusal);
    expect(f.vm(100)?.guestFiles.size).toBe(0);
    expect(f.vm(100)?.status).toBe('running');
    expect(await provisioner.getInstance('pve/100')).toBeNull();
  });

  it('resets the root password through the guest agent', async () => {
    const { provisioner, fake: f } = await started();
    const instance = await provisioner.provision(request(contractId()));
    const password = await provisioner.resetPassword?.(instance.externalId);
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(f.vm(100)?.guestPasswords.get('root')).toBe(password);
  });

  it("replaces root's SSH keys in place through the guest agent, and refuses bad keys", async () => {
    const { provisioner, fake: f } = await started();
    const instance = await provisioner.provision(request(contractId()));
    const keys: [string, string] = [
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHnewkeyone renter@laptop',
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHnewkeytwo renter@phone',
    ];
    const sinceProvision = calls(f).length;
    await provisioner.setSshKeys?.(instance.externalId, keys);
    expect(f.vm(100)?.guestFiles.get('/root/.ssh/authorized_keys')).toBe(`${keys.join('\n')}\n`);
    // The VM's cloud-init keys are left as they were (changing them re-runs first boot).
    const configBefore = { ...f.vm(100)?.config };
    await provisioner.setSshKeys?.(instance.externalId, keys.slice(1));
    expect(f.vm(100)?.guestFiles.get('/root/.ssh/authorized_keys')).toBe(`${keys[1]}\n`);
    expect(f.vm(100)?.config).toEqual(configBefore);
    // Never a program run in the guest: only file-write calls changed anything.
    expect(
      calls(f)
        .slice(sinceProvision)
        .filter((call) => call.startsWith('POST')),
    ).toEqual([
      'POST /nodes/pve/qemu/100/agent/file-write 200',
      'POST /nodes/pve/qemu/100/agent/file-write 200',
    ]);

    // A second line smuggled into a key, an empty list, a non-key: refused before any call.
    const before = calls(f).length;
    for (const [bad, where] of [
      [[`${keys[0]}\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHattacker evil`], 'keys[0]'],
      [[], 'keys'],
      [[keys[0], 'not a key'], 'keys[1]'],
    ] as const) {
      await expect(provisioner.setSshKeys?.(instance.externalId, bad)).rejects.toMatchObject({
        code: 'invalid_request',
        message: expect.stringContaining(where),
      });
    }
    expect(calls(f)).toHaveLength(before);
    expect(f.vm(100)?.guestFiles.get('/root/.ssh/authorized_keys')).toBe(`${keys[1]}\n`);
    await expect(provisioner.setSshKeys?.('pve/999', keys)).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('stops (ACPI shutdown with forced stop) and starts, with health following', async () => {
    const { provisioner, fake: f } = await started();
    const instance = await provisioner.provision(request(contractId()));
    expect(await provisioner.health(instance.externalId)).toEqual({
      state: 'healthy',
      uptimeSeconds: 0,
    });
    await provisioner.stop?.(instance.externalId);
    expect(calls(f)).toContain('POST /nodes/pve/qemu/100/status/shutdown 200');
    expect(await provisioner.health(instance.externalId)).toEqual({
      state: 'unhealthy',
      reason: 'VM 100 is stopped',
    });
    expect((await provisioner.getInstance(instance.externalId))?.status).toBe('stopped');
    await provisioner.start?.(instance.externalId);
    expect((await provisioner.health(instance.externalId)).state).toBe('healthy');
  });

  it('lists only managed VMs, with the full contract id, never templates', async () => {
    const { provisioner, fake: f } = await started();
    const id = contractId();
    await provisioner.provision(request(id));
    f.addVm(150, { name: 'dc-lookalike', tags: 'dc-managed', description: 'no contract line' });
    f.addVm(151, { name: 'web', description: 'mine' });
    expect(await provisioner.listInstances()).toEqual([
      { externalId: 'pve/100', provisioner: 'proxmox', contractId: id, status: 'running' },
    ]);
  });
});

describe('proxmox verifySetup', () => {
  it('names the unknown node, the missing template, storage and bridge, and what exists', async () => {
    const { fake: f } = await started();
    const p = createProxmoxProvisioner({
      ...f.providerConfig(),
      node: 'pve9',
      templateVmId: 9999,
      storage: 'fast',
      bridge: 'vmbr7',
    });
    const report = await p.verifySetup();
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual([
      'node "pve9" is not in this cluster; nodes: pve',
      'templateVmId 9999 does not exist or is not visible to the token; templates: 9000 (ubuntu-2404-cloudinit)',
      expect.stringContaining('cannot list storages of node "pve9"'),
      expect.stringContaining('cannot list bridges of node "pve9"'),
    ]);
  });

  it('says when the template is a plain VM or the storage cannot hold disks', async () => {
    const { fake: f } = await started();
    f.addVm(300, { name: 'plain' });
    const p = createProxmoxProvisioner({
      ...f.providerConfig(),
      templateVmId: 300,
      storage: 'local',
      bridge: 'vmbr0',
    });
    expect((await p.verifySetup()).errors).toEqual([
      'templateVmId 300 (plain) is a VM, not a template; convert it with "qm template 300"',
      'storage "local" does not hold VM disks (content: iso,vztmpl,backup,snippets); use one of: local-lvm',
    ]);
  });

  it('reports an invalid config without throwing, and provision fails typed', async () => {
    const p = createProxmoxProvisioner({
      baseUrl: 'https://x:8006',
      tokenId: 'bad',
      node: 'pve',
      templateVmId: 9000,
    } as never);
    const report = await p.verifySetup();
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual(
      expect.arrayContaining([
        'tokenId: expected "user@realm!tokenname", e.g. "dc@pve!agent"',
        'tokenSecret: set exactly one of tokenSecret and tokenSecretFile',
      ]),
    );
    await expect(p.provision(request(contractId()))).rejects.toMatchObject({
      code: 'invalid_config',
      message: expect.stringContaining('proxmox config is invalid: '),
    });
  });
});
