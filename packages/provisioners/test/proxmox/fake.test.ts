import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeProxmox } from '../../src/testing/fakes/proxmox/index';
import { KEY_A, rawApi } from './helpers';

// The fake is what every Proxmox test trusts, so its API shapes are tested on their own.
let fake: FakeProxmox;
let api: ReturnType<typeof rawApi>;
beforeEach(async () => {
  fake = new FakeProxmox({ taskDurationMs: 5 });
  await fake.start();
  api = rawApi(fake);
});
afterEach(() => fake.close());

const waitTask = async (upid: string) => {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const { body } = await api('GET', `/nodes/pve/tasks/${encodeURIComponent(upid)}/status`);
    if (body?.data.status === 'stopped') return body.data as { exitstatus: string };
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('task never stopped');
};

describe('fake Proxmox API', () => {
  it('answers 401 with Proxmox messages for a missing, unknown or wrong token', async () => {
    expect(await rawApi(fake, '')('GET', '/version')).toMatchObject({
      status: 401,
      body: { data: null, message: 'No ticket\n' },
    });
    expect(await rawApi(fake, 'PVEAPIToken=root@pam!other=x')('GET', '/version')).toMatchObject({
      status: 401,
      body: { message: "no such token 'other' for user 'root@pam'\n" },
    });
    expect(
      await rawApi(fake, `PVEAPIToken=${fake.tokenId}=wrong`)('GET', '/version'),
    ).toMatchObject({ status: 401, body: { message: 'invalid token value!\n' } });
    expect(await api('GET', '/version')).toMatchObject({
      status: 200,
      body: { data: { version: '8.2.4' } },
    });
  });

  it('gives the lowest free VM id >= 100 as a string', async () => {
    expect((await api('GET', '/cluster/nextid')).body?.data).toBe('100');
    fake.addVm(100, { name: 'a' });
    fake.addVm(102, { name: 'b' });
    expect((await api('GET', '/cluster/nextid')).body?.data).toBe('101');
  });

  it('clones with a UPID task, a lock-only config while copying, and the full config after', async () => {
    // Long enough that the two reads below land while copying, even on a loaded CI machine.
    fake.taskDurationMs = 2_000;
    const { status, body } = await api('POST', '/nodes/pve/qemu/9000/clone', {
      form: { newid: '100', name: 'dc-abc', description: 'dc-contract=abc12345', full: '1' },
    });
    expect(status).toBe(200);
    const upid = body?.data as string;
    expect(upid).toMatch(
      /^UPID:pve:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:qmclone:9000:root@pam!dc-test:$/,
    );
    const during = await api('GET', '/nodes/pve/qemu/100/config');
    expect(during.body?.data).toMatchObject({ lock: 'clone' });
    expect(during.body?.data.name).toBeUndefined();
    expect((await api('GET', '/cluster/resources?type=vm')).body?.data).toContainEqual(
      expect.objectContaining({ vmid: 100, lock: 'clone', id: 'qemu/100' }),
    );
    expect(await waitTask(upid)).toMatchObject({ exitstatus: 'OK' });
    const after = await api('GET', '/nodes/pve/qemu/100/config');
    expect(after.body?.data).toMatchObject({
      name: 'dc-abc',
      description: 'dc-contract=abc12345',
      scsi0: 'local-lvm:vm-100-disk-0,iothread=1,size=3584M',
    });
    expect(after.body?.data.template).toBeUndefined();
  });

  it('refuses a clone onto a taken id the way Proxmox does', async () => {
    fake.addVm(100, { name: 'taken' });
    expect(
      await api('POST', '/nodes/pve/qemu/9000/clone', { form: { newid: '100' } }),
    ).toMatchObject({
      status: 500,
      body: { data: null, message: "VM 100 already exists on node 'pve'\n" },
    });
  });

  it('validates parameters with per-field errors', async () => {
    const { status, body } = await api('POST', '/nodes/pve/qemu/9000/clone', {
      form: { newid: '5', name: 'bad_name', colour: 'red' },
    });
    expect(status).toBe(400);
    expect(body?.message).toBe('Parameter verification failed.\n');
    expect(body?.errors).toMatchObject({
      newid: 'value must have a minimum value of 100',
      name: "value 'bad_name' does not look like a valid DNS name",
      colour:
        'property is not defined in schema and the schema does not allow additional properties',
    });
  });

  it('accepts sshkeys only percent-encoded, as Proxmox does', async () => {
    fake.addVm(150, { name: 'x', agent: '1' });
    const raw = await api('POST', '/nodes/pve/qemu/150/config', { form: { sshkeys: KEY_A } });
    expect(raw).toMatchObject({
      status: 400,
      body: { errors: { sshkeys: expect.stringContaining('invalid urlencoded string') } },
    });
    // Form-style encoding ("+" for a space) is not the urlencoded format either.
    const plus = await api('POST', '/nodes/pve/qemu/150/config', {
      form: { sshkeys: KEY_A.replace(/ /g, '+') },
    });
    expect(plus.status).toBe(400);
    const notKey = await api('POST', '/nodes/pve/qemu/150/config', {
      form: { sshkeys: encodeURIComponent('hello world') },
    });
    expect(notKey).toMatchObject({
      status: 500,
      body: { message: 'SSH public key validation error\n' },
    });
    const good = await api('POST', '/nodes/pve/qemu/150/config', {
      form: { sshkeys: encodeURIComponent(KEY_A) },
    });
    expect(good.status).toBe(200);
  });

  it('answers 500 "does not exist" for a missing VM and 595 for an unreachable node', async () => {
    expect(await api('GET', '/nodes/pve/qemu/4242/status/current')).toMatchObject({
      status: 500,
      body: { message: "Configuration file 'nodes/pve/qemu-server/4242.conf' does not exist\n" },
    });
    fake.setNodeOnline('pve', false);
    expect((await api('GET', '/nodes/pve/qemu/9000/config')).status).toBe(595);
  });

  it('fails a task on request with the message as exit status and in the log', async () => {
    fake.addVm(160, { name: 'x', agent: '1', scsi0: 'local-lvm:vm-160-disk-0,size=2G' });
    fake.failNextTask('qmstart', 'start failed: QEMU exited with code 1');
    const upid = (await api('POST', '/nodes/pve/qemu/160/status/start')).body?.data as string;
    expect(await waitTask(upid)).toMatchObject({
      exitstatus: 'start failed: QEMU exited with code 1',
    });
    const log = await api(
      'GET',
      `/nodes/pve/tasks/${encodeURIComponent(upid)}/log?start=0&limit=50`,
    );
    expect(log.body?.total).toBe(log.body?.data.length);
    expect(log.body?.data.at(-1)).toEqual({
      n: log.body?.total,
      t: 'TASK ERROR: start failed: QEMU exited with code 1',
    });
    expect(fake.vm(160)?.status).toBe('stopped');
  });

  it('lets the guest agent answer only some time after start', async () => {
    // A minute's delay, ended by the test: a slow machine cannot see the agent answer early.
    fake.agentDelayMs = 60_000;
    fake.addVm(170, { name: 'x', agent: '1', scsi0: 'local-lvm:vm-170-disk-0,size=2G' });
    expect(
      (await api('GET', '/nodes/pve/qemu/170/agent/network-get-interfaces')).body?.message,
    ).toBe('VM 170 is not running\n');
    await waitTask((await api('POST', '/nodes/pve/qemu/170/status/start')).body?.data as string);
    expect(
      (await api('GET', '/nodes/pve/qemu/170/agent/network-get-interfaces')).body?.message,
    ).toBe('QEMU guest agent is not running\n');
    const vm = fake.vm(170);
    if (vm === undefined) throw new Error('VM 170 is gone');
    vm.agentReadyAt = Date.now();
    const { body } = await api('GET', '/nodes/pve/qemu/170/agent/network-get-interfaces');
    expect(body?.data.result.map((i: { name: string }) => i.name)).toEqual(['lo', 'eth0']);
  });

  it('refuses to shrink a disk and to destroy a running VM', async () => {
    fake.addVm(180, { name: 'x', scsi0: 'local-lvm:vm-180-disk-0,size=20G' }, 'running');
    expect(
      (await api('PUT', '/nodes/pve/qemu/180/resize', { form: { disk: 'scsi0', size: '10G' } }))
        .body?.message,
    ).toBe('shrinking disks is not supported\n');
    expect((await api('DELETE', '/nodes/pve/qemu/180?purge=1')).body?.message).toBe(
      'VM 180 is running - destroy failed\n',
    );
  });
});
