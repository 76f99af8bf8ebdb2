// A custom provisioner for "Acme Cloud", a made-up HTTP API:
//   GET    /machines?label=<k=v>      -> { machines: Machine[] }
//   POST   /machines                  -> Machine        (201)
//   GET    /machines/:id              -> Machine | 404
//   DELETE /machines/:id              -> 204 | 404
// Everything a real one needs is here: config schema, idempotent provision by label, cleanup,
// typed errors, health. See ../README.md for the walk-through.
import {
  type CallContext,
  CONTRACT_LABEL,
  createHttpClient,
  type Health,
  type Instance,
  MANAGED_LABEL,
  type ManagedInstance,
  type Provisioner,
  ProvisionerError,
  type ProvisionRequest,
  resourceName,
  type SetupReport,
} from '@dc/provisioners';
import { z } from 'zod';

/** What a provider writes in their dc-agent config for Acme Cloud. */
export const AcmeConfigSchema = z
  .object({
    baseUrl: z.url(),
    token: z.string().min(10, { message: 'expected the Acme API token (at least 10 characters)' }),
  })
  .strict();
export type AcmeConfig = z.infer<typeof AcmeConfigSchema>;

/** Acme's JSON for a machine (wire type, kept apart from Instance). */
interface Machine {
  id: string;
  name: string;
  state: 'booting' | 'running' | 'stopped';
  ip: string | null;
  labels: Record<string, string>;
}

const toInstance = (m: Machine): Instance => ({
  externalId: m.id,
  provisioner: 'acme',
  contractId: m.labels[CONTRACT_LABEL] ?? '',
  status: m.state === 'booting' ? 'creating' : m.state,
  ipv4: m.ip,
  ipv6: null,
  sshPort: 22,
});

/** Builds the Acme provisioner; throws on a config that does not match the schema. */
export function createAcmeProvisioner(config: AcmeConfig): Provisioner {
  const { baseUrl, token } = AcmeConfigSchema.parse(config);
  const http = createHttpClient({
    baseUrl,
    headers: { authorization: `Bearer ${token}` },
    retry: { baseDelayMs: 10 },
  });

  const findByContract = async (
    contractId: string,
    ctx?: CallContext,
  ): Promise<Machine | undefined> => {
    const { machines } = await http.request<{ machines: Machine[] }>({
      method: 'GET',
      path: '/machines',
      query: { label: `${CONTRACT_LABEL}=${contractId}` },
      signal: ctx?.signal,
    });
    // The label holds the full id, so two contracts sharing a name prefix never share a machine.
    return machines.find((m) => m.labels[CONTRACT_LABEL] === contractId);
  };

  return {
    kind: 'acme',
    capabilities: { stop: false, resetPassword: false, resize: false, list: true },

    async verifySetup(ctx) {
      try {
        await http.request({
          method: 'GET',
          path: '/machines',
          query: { label: MANAGED_LABEL },
          signal: ctx?.signal,
        });
        return { ok: true, errors: [], warnings: [] } satisfies SetupReport;
      } catch (error) {
        const reason =
          error instanceof ProvisionerError && error.code === 'auth_failed'
            ? 'the API token was refused'
            : String(error);
        return { ok: false, errors: [`Acme Cloud at ${baseUrl}: ${reason}`], warnings: [] };
      }
    },

    async provision(request: ProvisionRequest, ctx) {
      const existing = await findByContract(request.contractId, ctx);
      if (existing) return toInstance(existing);
      const created = await http.request<Machine>({
        method: 'POST',
        path: '/machines',
        json: {
          name: resourceName(request.contractId),
          cpus: request.cpuCores,
          memory_mib: request.memoryMiB,
          ssh_keys: request.sshPublicKeys,
          labels: { [CONTRACT_LABEL]: request.contractId, [MANAGED_LABEL]: 'true' },
        },
        signal: ctx?.signal,
      });
      if (created.state === 'stopped') {
        // Acme reports a failed boot as stopped: remove it so nothing is left behind.
        await http.requestOrNull({ method: 'DELETE', path: `/machines/${created.id}` });
        throw new ProvisionerError('upstream_error', `machine ${created.id} failed to boot`);
      }
      return toInstance(created);
    },

    async getInstance(externalId, ctx) {
      const machine = await http.requestOrNull<Machine>({
        method: 'GET',
        path: `/machines/${externalId}`,
        signal: ctx?.signal,
      });
      return machine ? toInstance(machine) : null;
    },

    async listInstances(ctx) {
      const { machines } = await http.request<{ machines: Machine[] }>({
        method: 'GET',
        path: '/machines',
        query: { label: `${MANAGED_LABEL}=true` },
        signal: ctx?.signal,
      });
      return machines.map(
        (m): ManagedInstance => ({
          externalId: m.id,
          provisioner: 'acme',
          contractId: m.labels[CONTRACT_LABEL] ?? '',
          status: toInstance(m).status,
        }),
      );
    },

    async terminate(externalId, ctx) {
      await http.requestOrNull({
        method: 'DELETE',
        path: `/machines/${externalId}`,
        signal: ctx?.signal,
      }); // 404 = already gone
    },

    async health(externalId, ctx): Promise<Health> {
      const machine = await http.requestOrNull<Machine>({
        method: 'GET',
        path: `/machines/${externalId}`,
        signal: ctx?.signal,
      });
      if (!machine) return { state: 'unknown', reason: 'machine not found' };
      return machine.state === 'running'
        ? { state: 'healthy', uptimeSeconds: null }
        : { state: 'unhealthy', reason: `machine is ${machine.state}` };
    },
  };
}
