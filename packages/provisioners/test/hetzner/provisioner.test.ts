import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger';
import { createHcloudAdapter } from '../../src/providers/hetzner/hcloud-adapter';
import { contractIdOf } from '../../src/providers/hetzner/labels';
import { generateSshPublicKey } from '../../src/testing/fakes/hetzner';
import { newContractId, provisionerFor, rejectionOf, requestFor, startFake } from './helpers';

const postsTo = (fake: { requests: readonly { method: string; path: string }[] }, path: string) =>
  fake.requests.filter((r) => r.method === 'POST' && r.path === path).length;

describe('hetzner provisioner: provision', () => {
  it('creates a labelled server with cloud-init user data and returns its addresses', async () => {
    const fake = await startFake();
    const key = generateSshPublicKey('alice@laptop');
    const id = newContractId();
    const instance = await provisionerFor(fake).provision(
      requestFor(id, { sshPublicKeys: [key], script: 'echo hi' }),
    );
    const [server] = fake.servers();
    expect(server?.labels).toMatchObject({ 'dc-contract': id, 'dc-managed': 'true' });
    expect(server?.name).toBe(`dc-${id.slice(0, 12).toLowerCase()}`);
    expect(server?.status).toBe('running');
    expect(instance).toMatchObject({
      externalId: String(server?.id),
      status: 'running',
      ipv4: server?.public_net.ipv4?.ip,
      sshPort: 22,
    });
    expect(instance.ipv6).toMatch(/^2001:db8:[0-9a-f]+::1$/);
    expect(instance.rootPassword).toBeUndefined();
    const userData = fake.userDataOf(server?.id ?? 0) ?? '';
    expect(userData.startsWith('#cloud-config')).toBe(true);
    expect(userData).toContain(key);
    expect(userData).toContain(Buffer.from('echo hi').toString('base64'));
  });

  it('adopts the existing server on a second call without trying to create another', async () => {
    const fake = await startFake();
    const p = provisionerFor(fake);
    const id = newContractId();
    const first = await p.provision(requestFor(id));
    const second = await p.provision(requestFor(id));
    expect(second).toMatchObject({
      externalId: first.externalId,
      contractId: id,
      status: 'running',
    });
    expect(postsTo(fake, '/v1/servers')).toBe(1);
  });

  it('skips the lookup on a first attempt, and still adopts a server it runs into', async () => {
    const fake = await startFake();
    const p = provisionerFor(fake);
    const id = newContractId();
    const first = await p.provision({ ...requestFor(id), firstAttempt: true });
    expect(fake.requests.filter((r) => r.method === 'GET' && r.path === '/v1/servers')).toEqual([]);
    // A wrong hint (the server exists): the create is refused on the name, the server adopted.
    const again = await p.provision({ ...requestFor(id), firstAttempt: true });
    expect(again).toMatchObject({ externalId: first.externalId, contractId: id });
    expect(fake.servers()).toHaveLength(1);
  });

  it('waits for the create and start actions together, one request per poll', async () => {
    // Actions end at once: the create answer says "running", the first poll sees both done.
    const fake = await startFake({ actionDelayMs: 0 });
    const p = provisionerFor(fake);
    const instance = await p.provision(requestFor(newContractId()));
    expect(instance.status).toBe('running');
    const polls = () => fake.requests.filter((r) => r.path.startsWith('/v1/actions'));
    expect(polls()).toEqual([{ method: 'GET', path: '/v1/actions', status: 200 }]);
    expect(fake.actions().map((a) => [a.command, a.status])).toEqual([
      ['create_server', 'success'],
      ['start_server', 'success'],
    ]);
    // A single action (delete) is read by id.
    await p.terminate(instance.externalId);
    expect(polls().slice(1)).toEqual([
      { method: 'GET', path: expect.stringMatching(/^\/v1\/actions\/\d+$/), status: 200 },
    ]);
    expect(fake.servers()).toEqual([]);
  });

  it('polls actions one by one with an API adapter that cannot read several at once', async () => {
    const fake = await startFake({ actionDelayMs: 0 });
    const { getActions: _unused, ...api } = createHcloudAdapter({
      baseUrl: fake.baseUrl,
      token: fake.token,
      timeoutMs: 5_000,
      logger: silentLogger,
    });
    const p = provisionerFor(fake, {}, { api });
    const instance = await p.provision(requestFor(newContractId()));
    expect(instance.status).toBe('running');
    const polls = fake.requests.filter((r) => r.path.startsWith('/v1/actions'));
    expect(polls).toHaveLength(2);
    expect(polls.every((r) => /^\/v1\/actions\/\d+$/.test(r.path))).toBe(true);
  });

  it('sends the direct API calls through a custom fetch when one is given', async () => {
    const fake = await startFake();
    const seen: string[] = [];
    const p = provisionerFor(
      fake,
      {},
      {
        fetch: (input, init) => {
          const request = new Request(input, init);
          seen.push(`${request.method} ${new URL(request.url).pathname}`);
          return fetch(request);
        },
      },
    );
    const key = generateSshPublicKey('carol@desk');
    const instance = await p.provision(requestFor(newContractId(), { sshPublicKeys: [key] }));
    expect(await p.getInstance(instance.externalId)).toMatchObject({ status: 'running' });
    await p.terminate(instance.externalId);
    expect(fake.servers()).toEqual([]);
    expect(fake.sshKeys()).toEqual([]);
    // Server reads and creates, and the key upload (hcloud-js cannot send its labels).
    expect(seen).toEqual(
      expect.arrayContaining([
        'GET /v1/servers',
        'POST /v1/ssh_keys',
        'POST /v1/servers',
        `GET /v1/servers/${instance.externalId}`,
      ]),
    );
  });

  it('returns the root password Hetzner sets when no SSH key was given', async () => {
    const fake = await startFake();
    const instance = await provisionerFor(fake).provision(requestFor(newContractId()));
    expect(instance.rootPassword).toMatch(/^[A-Za-z0-9_-]{12,}$/);
  });

  it('reuses an SSH key with the same fingerprint and uploads a new one labelled for the contract', async () => {
    const fake = await startFake();
    const known = generateSshPublicKey('known');
    const fresh = generateSshPublicKey('fresh');
    // The provider already has `known` in the project, under another comment.
    const api = await fetch(`${fake.baseUrl}/ssh_keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'my key',
        public_key: known.replace(' known', ' other comment'),
      }),
    });
    expect(api.status).toBe(201);
    const id = newContractId();
    const provisioner = provisionerFor(fake);
    const instance = await provisioner.provision(
      requestFor(id, { sshPublicKeys: [known, fresh, fresh] }),
    );
    const keys = fake.sshKeys();
    expect(keys.map((k) => k.name).sort()).toEqual(
      [expect.stringMatching(/^dc-ctr/), 'my key'].sort(),
    );
    const uploaded = keys.find((k) => k.name !== 'my key');
    expect(uploaded?.public_key).toBe(fresh);
    expect(contractIdOf(uploaded?.labels ?? {})).toBe(id);
    // Each key is offered once; only the one Hetzner already had is then looked up.
    const keyCalls = fake.requests
      .filter((r) => r.path === '/v1/ssh_keys')
      .map((r) => `${r.method} ${r.status}`);
    expect(keyCalls.sort()).toEqual(['GET 200', 'POST 201', 'POST 201', 'POST 409'].sort());
    // Terminate removes the key it uploaded and leaves the provider's own key alone.
    await provisioner.terminate(instance.externalId);
    expect(fake.sshKeys().map((k) => k.name)).toEqual(['my key']);
  });

  it('reuses a key it met in the project without asking again, and uploads it again once it is gone', async () => {
    const fake = await startFake();
    const provisioner = provisionerFor(fake);
    const key = generateSshPublicKey('renter');
    const keyCalls = () =>
      fake.requests
        .filter((r) => r.path.startsWith('/v1/ssh_keys'))
        .map((r) => `${r.method} ${r.status}`);
    const first = await provisioner.provision(
      requestFor(newContractId(), { sshPublicKeys: [key] }),
    );
    const second = await provisioner.provision(
      requestFor(newContractId(), { sshPublicKeys: [key] }),
    );
    // Uploaded once; the second server gets the same key id with no key call at all.
    expect(keyCalls()).toEqual(['POST 201']);
    const [uploaded] = fake.sshKeys();
    const serverOf = (externalId: string) =>
      fake.servers().find((s) => String(s.id) === externalId);
    expect(serverOf(first.externalId)?.labels['dc-ssh-keys']).toBe(String(uploaded?.id));
    // Not made for the second contract: not deleted with its server.
    expect(serverOf(second.externalId)?.labels['dc-ssh-keys']).toBe('');
    // The contract that uploaded it ends: its key is deleted by id (no listing) and forgotten,
    // so the next server uploads it afresh, labelled for its own contract.
    await provisioner.terminate(first.externalId);
    expect(keyCalls().slice(1)).toEqual([`DELETE 204`]);
    expect(fake.sshKeys()).toEqual([]);
    const id = newContractId();
    await provisioner.provision(requestFor(id, { sshPublicKeys: [key] }));
    expect(keyCalls().slice(2)).toEqual(['POST 201']);
    expect(contractIdOf(fake.sshKeys()[0]?.labels ?? {})).toBe(id);
  });

  it('looks a remembered key up again when someone else deleted it meanwhile', async () => {
    const fake = await startFake();
    const provisioner = provisionerFor(fake);
    const key = generateSshPublicKey('renter');
    await provisioner.provision(requestFor(newContractId(), { sshPublicKeys: [key] }));
    const [uploaded] = fake.sshKeys();
    // Deleted behind the provisioner's back (by hand, or by another agent of the project).
    const deleted = await fetch(`${fake.baseUrl}/ssh_keys/${uploaded?.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${fake.token}` },
    });
    expect(deleted.status).toBe(204);
    const id = newContractId();
    const instance = await provisioner.provision(requestFor(id, { sshPublicKeys: [key] }));
    expect(instance.status).toBe('running');
    const [again] = fake.sshKeys();
    expect(contractIdOf(again?.labels ?? {})).toBe(id);
    const server = fake.servers().find((s) => String(s.id) === instance.externalId);
    expect(server?.labels['dc-ssh-keys']).toBe(String(again?.id));
    await provisioner.terminate(instance.externalId);
    expect(fake.sshKeys()).toEqual([]);
  });

  it('deletes with the server a key an earlier attempt made for the contract', async () => {
    const fake = await startFake();
    const key = generateSshPublicKey('renter');
    const id = newContractId();
    // An earlier agent uploaded the key for this contract, then died before creating the server.
    await provisionerFor(fake).provision(requestFor(id, { sshPublicKeys: [key] }));
    const [made] = fake.sshKeys();
    const [server] = fake.servers();
    await fetch(`${fake.baseUrl}/servers/${server?.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${fake.token}` },
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.servers()).toEqual([]);
    // A new agent (nothing remembered) finds the key by fingerprint: it is this contract's.
    const retry = provisionerFor(fake);
    const instance = await retry.provision(requestFor(id, { sshPublicKeys: [key] }));
    const rebuilt = fake.servers().find((s) => String(s.id) === instance.externalId);
    expect(rebuilt?.labels['dc-ssh-keys']).toBe(String(made?.id));
    await provisionerFor(fake).terminate(instance.externalId);
    expect(fake.sshKeys()).toEqual([]);
  });

  it('finds the keys of a server made without the key list by their contract label', async () => {
    const fake = await startFake();
    const key = generateSshPublicKey('renter');
    const provisioner = provisionerFor(fake);
    const instance = await provisioner.provision(
      requestFor(newContractId(), { sshPublicKeys: [key] }),
    );
    // As a server made by an older version looks.
    const server = fake.servers().find((s) => String(s.id) === instance.externalId);
    if (server !== undefined) delete server.labels['dc-ssh-keys'];
    await provisioner.terminate(instance.externalId);
    expect(fake.sshKeys()).toEqual([]);
    expect(
      fake.requests.filter((r) => r.method === 'GET' && r.path === '/v1/ssh_keys'),
    ).toHaveLength(1);
  });

  it('picks the cheapest server type that fits when none is configured', async () => {
    const fake = await startFake();
    await provisionerFor(fake).provision(
      requestFor(newContractId(), { cpuCores: 4, memoryMiB: 8192, diskGiB: 80 }),
    );
    expect(fake.servers()[0]?.server_type.name).toBe('cx32');
    await provisionerFor(fake, { architecture: 'arm' }).provision(
      requestFor(newContractId(), { cpuCores: 4, memoryMiB: 8192, diskGiB: 80 }),
    );
    expect(fake.servers()[1]?.server_type.name).toBe('cax21');
    expect(fake.servers()[1]?.image?.architecture).toBe('arm');
  });

  it('uses the server type mapped to the offering, and the request config over both', async () => {
    const fake = await startFake();
    const p = provisionerFor(fake, { serverType: { small: 'cpx21' } });
    await p.provision(requestFor(newContractId()));
    await p.provision(requestFor(newContractId(), { config: { serverType: 'ccx13' } }));
    expect(fake.servers().map((s) => s.server_type.name)).toEqual(['cpx21', 'ccx13']);
  });

  it('takes location and image from the config when the request says "default"', async () => {
    const fake = await startFake();
    await provisionerFor(fake, { location: 'hel1', image: 'debian-12' }).provision(
      requestFor(newContractId(), { location: 'default', image: 'default' }),
    );
    const [server] = fake.servers();
    expect(server?.datacenter.location.name).toBe('hel1');
    expect(server?.image?.name).toBe('debian-12');
  });

  it('handles contract ids that do not fit one Hetzner label value', async () => {
    const fake = await startFake();
    const p = provisionerFor(fake);
    const hex = 'ab'.repeat(32);
    const dashed = '-starts-with-a-dash_';
    for (const id of [hex, dashed]) {
      const instance = await p.provision(requestFor(id));
      expect(instance.contractId).toBe(id);
      expect((await p.getInstance(instance.externalId))?.contractId).toBe(id);
      expect((await p.provision(requestFor(id))).externalId).toBe(instance.externalId);
    }
    expect((await p.listInstances()).map((i) => i.contractId).sort()).toEqual([dashed, hex].sort());
    expect(fake.servers()).toHaveLength(2);
  });

  it('names the server with a valid host name when the id prefix ends in a dash', async () => {
    const fake = await startFake();
    const instance = await provisionerFor(fake).provision(requestFor('abcdefghijk-_rest'));
    expect(fake.servers()[0]?.name).toBe('dc-abcdefghijk');
    expect(instance.contractId).toBe('abcdefghijk-_rest');
  });
});

describe('hetzner provisioner: validation before anything is created', () => {
  const cases: [
    string,
    Parameters<typeof requestFor>[1],
    Record<string, unknown>,
    string,
    RegExp,
  ][] = [
    [
      'an unknown location',
      { location: 'xyz1' },
      {},
      'invalid_request',
      /location "xyz1" does not exist at Hetzner; locations: fsn1, nbg1, hel1, ash, hil, sin/,
    ],
    [
      'a type not sold in the location',
      { location: 'ash' },
      { serverType: 'cx22' },
      'invalid_request',
      /"cx22" is not sold in location "ash"; it is sold in fsn1, nbg1, hel1/,
    ],
    [
      'an unknown server type',
      {},
      { serverType: 'cx999' },
      'invalid_config',
      /server type "cx999" does not exist at Hetzner; server types: .*cx22/,
    ],
    [
      'a type smaller than the offering',
      { cpuCores: 4 },
      { serverType: 'cx22' },
      'invalid_config',
      /cx22 \(x86, 2 cores, 4 GB memory, 40 GB disk\) is smaller than the offering \(4 cores/,
    ],
    [
      'an image without a build for the architecture',
      { image: 'rocky-9' },
      { serverType: 'cax11' },
      'invalid_request',
      /image "rocky-9" has no arm build \(only x86\)/,
    ],
    [
      'an unknown image',
      { image: 'windows-11' },
      {},
      'invalid_request',
      /image "windows-11" does not exist/,
    ],
    [
      'no type large enough',
      { cpuCores: 64 },
      {},
      'invalid_request',
      /no x86 server type in "fsn1" has 64 cores/,
    ],
  ];
  for (const [what, overrides, config, code, message] of cases) {
    it(`refuses ${what}`, async () => {
      const fake = await startFake();
      const error = await rejectionOf(
        provisionerFor(fake, config).provision(requestFor(newContractId(), overrides)),
      );
      expect(error).toMatchObject({ code, retryable: false });
      expect(error.message).toMatch(message);
      expect(postsTo(fake, '/v1/servers')).toBe(0);
      expect(postsTo(fake, '/v1/ssh_keys')).toBe(0);
    });
  }

  it('refuses unknown keys in the offering config', async () => {
    const fake = await startFake();
    const error = await rejectionOf(
      provisionerFor(fake).provision(
        requestFor(newContractId(), { config: { servertype: 'cx22' } }),
      ),
    );
    expect(error.code).toBe('invalid_config');
    expect(error.message).toContain('servertype');
  });

  it('refuses an SSH key whose blob is not a key', async () => {
    const fake = await startFake();
    const error = await rejectionOf(
      provisionerFor(fake).provision(
        requestFor(newContractId(), { sshPublicKeys: ['ssh-ed25519 AAAAAAAA bad'] }),
      ),
    );
    expect(error).toMatchObject({ code: 'invalid_request' });
    expect(error.message).toContain('sshPublicKeys[0]');
    expect(fake.servers()).toHaveLength(0);
  });
});

describe('hetzner provisioner: lifecycle', () => {
  it('stops, starts, resets the password and reports health from the status', async () => {
    const fake = await startFake();
    const p = provisionerFor(fake);
    const { externalId } = await p.provision(requestFor(newContractId()));
    const healthy = await p.health(externalId);
    expect(healthy).toMatchObject({ state: 'healthy' });
    expect(healthy.state === 'healthy' && healthy.uptimeSeconds).toBeGreaterThanOrEqual(0);
    await p.stop?.(externalId);
    expect(fake.servers()[0]?.status).toBe('off');
    expect(await p.health(externalId)).toEqual({ state: 'unhealthy', reason: 'server is off' });
    expect((await p.getInstance(externalId))?.status).toBe('stopped');
    await p.start?.(externalId);
    expect((await p.getInstance(externalId))?.status).toBe('running');
    const password = await p.resetPassword?.(externalId);
    expect(password).toMatch(/^[A-Za-z0-9_-]{12,}$/);
    expect(fake.actions().find((a) => a.command === 'reset_password')?.status).toBe('success');
  });

  it('never touches a server without the managed label', async () => {
    const fake = await startFake();
    const p = provisionerFor(fake);
    const foreign = fake.addServer({ name: 'web-1', labels: { 'dc-contract': 'looks-like-ours' } });
    const error = await rejectionOf(p.terminate(String(foreign.id)));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('no dc-managed=true label');
    expect(fake.servers()).toHaveLength(1);
    expect(await p.getInstance(String(foreign.id))).toBeNull();
    expect((await p.health(String(foreign.id))).state).toBe('unknown');
    expect(await p.listInstances()).toEqual([]);
  });

  it('lists servers without a public IPv4 (IPv6-only)', async () => {
    const fake = await startFake();
    const server = fake.addServer({
      name: 'dc-v6only',
      labels: { 'dc-contract': 'v6only-contract', 'dc-managed': 'true' },
      ipv4: false,
    });
    const p = provisionerFor(fake);
    expect(await p.listInstances()).toEqual([
      {
        externalId: String(server.id),
        provisioner: 'hetzner',
        contractId: 'v6only-contract',
        status: 'running',
      },
    ]);
    expect((await p.getInstance(String(server.id)))?.ipv4).toBeNull();
  });

  it('refuses an external id that is not a server id', async () => {
    const fake = await startFake();
    expect(await rejectionOf(provisionerFor(fake).terminate('node1/101'))).toMatchObject({
      code: 'invalid_request',
    });
  });

  it('reports a missing server as not found for stop and unknown for health', async () => {
    const fake = await startFake();
    const p = provisionerFor(fake);
    expect(await rejectionOf(p.stop?.('424242') ?? Promise.resolve())).toMatchObject({
      code: 'not_found',
    });
    expect(await p.health('424242')).toEqual({
      state: 'unknown',
      reason: 'server not found at Hetzner',
    });
  });
});
