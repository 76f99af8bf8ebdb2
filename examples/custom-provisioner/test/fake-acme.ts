// An in-process fake of the Acme Cloud API, built on FakeHttpServer, and the ConformanceTarget
// that lets the conformance suite look behind the provisioner.
import { CONTRACT_LABEL } from '@dc/provisioners';
import { type ConformanceTarget, FakeHttpServer, json } from '@dc/provisioners/testing';
import { createAcmeProvisioner } from '../src/acme-provisioner';

interface Machine {
  id: string;
  name: string;
  state: 'booting' | 'running' | 'stopped';
  ip: string | null;
  labels: Record<string, string>;
}

const TOKEN = 'acme-test-token-123';

export async function startFakeAcme(): Promise<ConformanceTarget> {
  const machines = new Map<string, Machine>();
  let nextId = 1;
  let failNextBoot = false;
  const server = new FakeHttpServer();
  const authorised = (headers: Record<string, unknown>) =>
    headers['authorization'] === `Bearer ${TOKEN}`;
  const matches = (m: Machine, selector: string | null) => {
    if (!selector) return true;
    const [key = '', value] = selector.split('=');
    return value === undefined ? key in m.labels : m.labels[key] === value;
  };

  server
    .route('GET', '/machines', (req) =>
      authorised(req.headers)
        ? json(200, {
            machines: [...machines.values()].filter((m) => matches(m, req.query.get('label'))),
          })
        : json(401, { error: 'bad token' }),
    )
    .route(
      'POST',
      '/machines',
      (req) => {
        if (!authorised(req.headers)) return json(401, { error: 'bad token' });
        const body = req.body as { name: string; labels: Record<string, string> };
        const machine: Machine = {
          id: `m-${nextId++}`,
          name: body.name,
          state: failNextBoot ? 'stopped' : 'running',
          ip: '203.0.113.10',
          labels: body.labels,
        };
        failNextBoot = false;
        machines.set(machine.id, machine);
        return json(201, machine);
      },
      { creates: true },
    )
    .route('GET', '/machines/:id', (req) => {
      const m = machines.get(req.params['id'] ?? '');
      return m ? json(200, m) : json(404, { error: 'not found' });
    })
    .route('DELETE', '/machines/:id', (req) =>
      machines.delete(req.params['id'] ?? '') ? { status: 204 } : json(404, { error: 'not found' }),
    );

  const baseUrl = await server.listen();
  return {
    provisioner: createAcmeProvisioner({ baseUrl, token: TOKEN }),
    misconfigured: createAcmeProvisioner({ baseUrl, token: 'wrong-token-000' }),
    request: (contractId) => ({
      contractId,
      offeringId: 'small',
      cpuCores: 2,
      memoryMiB: 2048,
      diskGiB: 40,
      image: 'ubuntu-24.04',
      location: 'eu-1',
      sshPublicKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHmx renter@laptop'],
      config: {},
    }),
    async resourcesFor(contractId) {
      return {
        servers: [...machines.values()].filter((m) => m.labels[CONTRACT_LABEL] === contractId)
          .length,
        other: 0,
      };
    },
    crashAfterNextCreate: () => {
      server.faults.crashAfterCreateNext = 1;
    },
    failNextProvisionAfterCreate: () => {
      failNextBoot = true;
    },
    async stopOutOfBand(externalId) {
      const m = machines.get(externalId);
      if (m) m.state = 'stopped';
    },
    async addForeignServer() {
      const id = `foreign-${nextId++}`;
      machines.set(id, { id, name: 'not-ours', state: 'running', ip: null, labels: {} });
    },
    close: () => server.close(),
  };
}
