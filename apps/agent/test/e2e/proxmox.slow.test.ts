// End to end with real processes: the API server (PGlite), `dc-agent run` as a child process
// registered with `dc-agent register`, and the fake Proxmox VE over HTTPS (pinned certificate
// fingerprint). A renter rents, the agent clones the VM, the renter resets the root password
// twice (set through the QEMU guest agent, never a shell) and opens each one with their own
// key, replaces the VM's SSH keys in place (the agent's file-write), cancels, and the VM is
// destroyed. No password ever reaches the agent's output.
import { getContract, requestSshKeyRotation } from '@dc/client';
import { FakeProxmox } from '@dc/provisioners/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentFolder, AgentProcess, prepareAgent, until } from '../support/e2e-agent';
import {
  cancel,
  contractOf,
  openedRootPasswords,
  resetRootPassword,
  untilStatus,
} from '../support/e2e-renter';
import { type AgentWorld, startWorld, unique } from '../support/world';

const NEW_KEYS = [
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ2b7lVbq2rotatedkeyonex renter@new-laptop',
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ2b7lVbq2rotatedkeytwox renter@new-phone',
];

let world: AgentWorld;
let proxmox: FakeProxmox;
let folder: AgentFolder;
let agent: AgentProcess;

beforeAll(async () => {
  proxmox = new FakeProxmox();
  [world] = await Promise.all([startWorld({ provisioner: 'proxmox' }), proxmox.start()]);
  folder = await prepareAgent(world, {
    provisioners: `[provisioners.pve]
kind = "proxmox"
base_url = "${proxmox.url}"
token_id = "${proxmox.tokenId}"
token_secret = { env = "PVE_TOKEN_SECRET" }
node = "${proxmox.node}"
template_vm_id = ${proxmox.templateVmId}
tls = { fingerprint_sha256 = "${proxmox.certificateFingerprint}" }
`,
    env: { PVE_TOKEN_SECRET: proxmox.tokenSecret },
  });
  agent = new AgentProcess(folder).start();
  await world.waitForAgent(180_000);
});

afterAll(async () => {
  await agent?.stop();
  await Promise.all([world?.stop(), proxmox?.close()]);
  folder?.remove();
});

describe('e2e: dc-agent with the fake Proxmox VE', () => {
  it('rents, delivers, resets the password twice, rotates the SSH keys, cancels and destroys the VM', async () => {
    const rented = await world.rent();

    // Delivered: one VM cloned from the template, running, recorded as the instance.
    const delivered = await untilStatus(world, rented.id, ['provisioned', 'active'], 90_000);
    const [vm, ...more] = proxmox.vmsOf(rented.id);
    expect(more).toEqual([]);
    expect(vm?.status).toBe('running');
    expect(vm?.vmid).not.toBe(proxmox.templateVmId);
    expect(delivered.instance).toMatchObject({
      provisioner: 'pve',
      external_id: `${proxmox.node}/${vm?.vmid}`,
    });
    // With an SSH key given (renting requires one) no password is set at creation.
    expect(await openedRootPasswords(world, rented.id)).toEqual([]);

    // Each reset sets root's password through the guest agent; the renter opens exactly the
    // password the VM now has.
    const first = await resetRootPassword(world, rented.id);
    expect(vm?.guestPasswords.get('root')).toBe(first);
    const second = await resetRootPassword(world, rented.id);
    expect(vm?.guestPasswords.get('root')).toBe(second);
    expect(second).not.toBe(first);
    expect(first).toMatch(/^\S{12,}$/);
    expect(await openedRootPasswords(world, rented.id)).toEqual([first, second]);
    // Never through a program run in the guest (that would put it on a command line).
    const programs = [...(vm?.execs.values() ?? [])].map((exec) => exec.command.join(' '));
    expect(programs.filter((line) => line.includes(first) || line.includes(second))).toEqual([]);

    // Key rotation: root's authorized_keys on the running VM becomes exactly the new keys, then
    // the contract shows them; no rebuild, no program run in the guest.
    const execsBefore = vm?.execs.size;
    await requestSshKeyRotation(world.renter.client, {
      id: rented.id,
      body: { ssh_public_keys: NEW_KEYS, idempotency_key: unique('rotate') },
    });
    await until('the rotation to be reported', () =>
      agent.logged('job completed').some((entry) => entry['kind'] === 'rotate_ssh_key'),
    );
    expect(vm?.guestFiles.get('/root/.ssh/authorized_keys')).toBe(`${NEW_KEYS.join('\n')}\n`);
    await until('the contract to show the new keys', async () => {
      const keys = (await getContract(world.renter.client, { id: rented.id })).ssh_public_keys;
      return JSON.stringify(keys) === JSON.stringify(NEW_KEYS);
    });
    expect(vm?.execs.size).toBe(execsBefore);
    expect(proxmox.vmsOf(rented.id).map((one) => one.vmid)).toEqual([vm?.vmid]);

    // Cancelled: the agent destroys exactly that VM; the template stays.
    expect((await cancel(world, rented.id)).status).toBe('cancelled');
    await until('the VM to be destroyed', () => proxmox.vmsOf(rented.id).length === 0, {
      timeoutMs: 90_000,
    });
    expect(proxmox.destroyed().map((d) => d.vmid)).toEqual([vm?.vmid]);
    expect(proxmox.vm(proxmox.templateVmId)).toBeDefined();
    await until('the terminate job to be reported', () =>
      agent.logged('job completed').some((entry) => entry['kind'] === 'terminate'),
    );
    expect((await contractOf(world, rented.id)).status).toBe('cancelled');

    // The agent never wrote a password or the token secret.
    expect(agent.running).toBe(true);
    const output = agent.output();
    for (const secret of [first, second, proxmox.tokenSecret]) {
      expect(output).not.toContain(secret);
    }
    expect(agent.stderr()).toBe('');
  });

  it('stops on SIGTERM with exit 0', async () => {
    expect(await agent.stop()).toEqual({ code: 0, signal: null });
    expect(agent.status()?.state).toBe('stopped');
  });
});
