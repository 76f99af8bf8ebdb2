// End to end with real processes: the API server (PGlite), `dc-agent run` as a child process
// registered with `dc-agent register`, and the fake Hetzner Cloud over HTTP. A renter rents,
// the agent builds the server, the renter resets the root password twice and opens each one
// with their own key, cancels, and the server is deleted at the cloud. No password ever
// reaches the agent's output.
import { FAKE_HETZNER_TOKEN, FakeHetznerCloud } from '@dc/provisioners/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentFolder, AgentProcess, prepareAgent, until } from '../support/e2e-agent';
import {
  cancel,
  contractOf,
  openedRootPasswords,
  resetRootPassword,
  untilStatus,
} from '../support/e2e-renter';
import { type AgentWorld, startWorld } from '../support/world';

let world: AgentWorld;
let hetzner: FakeHetznerCloud;
let folder: AgentFolder;
let agent: AgentProcess;

beforeAll(async () => {
  hetzner = new FakeHetznerCloud({ actionDelayMs: 50 });
  [world] = await Promise.all([startWorld({ provisioner: 'hetzner' }), hetzner.start()]);
  folder = await prepareAgent(world, {
    provisioners: `[provisioners.hetzner]
token = { env = "HCLOUD_TOKEN" }
base_url = "${hetzner.baseUrl}"
location = "fsn1"
poll_interval_ms = 20
`,
    env: { HCLOUD_TOKEN: FAKE_HETZNER_TOKEN },
  });
  agent = new AgentProcess(folder).start();
  await world.waitForAgent(180_000);
});

afterAll(async () => {
  await agent?.stop();
  await Promise.all([world?.stop(), hetzner?.close()]);
  folder?.remove();
});

const serversOf = (contractId: string) =>
  hetzner.servers().filter((server) => server.labels['dc-contract'] === contractId);

describe('e2e: dc-agent with the fake Hetzner Cloud', () => {
  it('rents, delivers, resets the password twice, cancels and deletes the server', async () => {
    const rented = await world.rent();

    // Delivered: one server at the cloud, recorded as the contract's instance.
    const delivered = await untilStatus(world, rented.id, ['provisioned', 'active']);
    const [server, ...more] = serversOf(rented.id);
    expect(more).toEqual([]);
    expect(server?.status).toBe('running');
    expect(server?.labels['dc-managed']).toBe('true');
    expect(delivered.instance).toMatchObject({
      provisioner: 'hetzner',
      external_id: String(server?.id),
      ipv4: server?.public_net.ipv4?.ip,
    });
    // Hetzner sets no root password when SSH keys are given (renting requires one): the
    // renter logs in with the key, and nothing was sealed at delivery.
    expect(await openedRootPasswords(world, rented.id)).toEqual([]);

    // A password reset goes through Hetzner's own reset_password action; the renter opens the
    // new password with their key. A second reset gives another one.
    const first = await resetRootPassword(world, rented.id);
    const second = await resetRootPassword(world, rented.id);
    expect(first).toMatch(/^\S{12,}$/);
    expect(second).toMatch(/^\S{12,}$/);
    expect(second).not.toBe(first);
    expect(await openedRootPasswords(world, rented.id)).toEqual([first, second]);
    const resets = hetzner.requests.filter(
      (r) => r.method === 'POST' && r.path === `/v1/servers/${server?.id}/actions/reset_password`,
    );
    expect(resets.map((r) => r.status)).toEqual([201, 201]);

    // Cancelled: the agent deletes exactly that server, and the SSH key it uploaded for it.
    expect((await cancel(world, rented.id)).status).toBe('cancelled');
    await until('the server to be deleted at Hetzner', () => serversOf(rented.id).length === 0);
    const deletes = hetzner.requests.filter(
      (r) => r.method === 'DELETE' && r.path.startsWith('/v1/servers/'),
    );
    expect(deletes.map((r) => r.path)).toEqual([`/v1/servers/${server?.id}`]);
    expect(hetzner.sshKeys().filter((key) => key.labels['dc-contract'] === rented.id)).toEqual([]);
    await until('the terminate job to be reported', () =>
      agent.logged('job completed').some((entry) => entry['kind'] === 'terminate'),
    );
    expect((await contractOf(world, rented.id)).status).toBe('cancelled');

    // The agent kept running through all of it and never wrote a password or the token.
    expect(agent.running).toBe(true);
    const output = agent.output();
    for (const secret of [first, second, FAKE_HETZNER_TOKEN]) expect(output).not.toContain(secret);
    expect(agent.stderr()).toBe('');
  });

  it('stops on SIGTERM with exit 0', async () => {
    expect(await agent.stop()).toEqual({ code: 0, signal: null });
    expect(agent.status()?.state).toBe('stopped');
  });
});
