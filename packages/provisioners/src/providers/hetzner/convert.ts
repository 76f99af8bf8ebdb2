import type { Health, Instance, ManagedInstance } from '../../types';
import type { HServer } from './api';
import { contractIdOf } from './labels';

/** The provisioner kind, also `Instance.provisioner`. */
export const HETZNER_KIND = 'hetzner';

/** Hetzner server status -> instance status. */
export function instanceStatus(status: string): Instance['status'] {
  switch (status) {
    case 'initializing':
    case 'starting':
      return 'creating';
    case 'running':
      return 'running';
    case 'off':
    case 'stopping':
      return 'stopped';
    default:
      return 'unknown';
  }
}

/**
 * The address a renter connects to in the server's IPv6 network: Hetzner routes a /64 to each
 * server and configures `::1` of it on the primary interface.
 */
export function ipv6Address(network: string | null): string | null {
  if (network === null) return null;
  const [prefix] = network.split('/');
  if (prefix === undefined || !prefix.includes(':')) return null;
  return prefix.endsWith('::') ? `${prefix}1` : prefix;
}

/** A server as an {@link Instance}. */
export function toInstance(
  server: HServer,
  contractId: string,
  rootPassword?: string | null,
): Instance {
  return {
    externalId: String(server.id),
    provisioner: HETZNER_KIND,
    contractId,
    status: instanceStatus(server.status),
    ipv4: server.ipv4,
    ipv6: ipv6Address(server.ipv6Network),
    sshPort: 22,
    ...(rootPassword ? { rootPassword } : {}),
  };
}

/** A managed server for `listInstances`, or `null` when its labels hold no contract id. */
export function toManagedInstance(server: HServer): ManagedInstance | null {
  const contractId = contractIdOf(server.labels);
  if (contractId === null) return null;
  return {
    externalId: String(server.id),
    provisioner: HETZNER_KIND,
    contractId,
    status: instanceStatus(server.status),
  };
}

/** Health from a server's status: running is healthy (uptime since creation), off is not. */
export function toHealth(server: HServer | null, now: number = Date.now()): Health {
  if (server === null) return { state: 'unknown', reason: 'server not found at Hetzner' };
  switch (server.status) {
    case 'running': {
      const created = Date.parse(server.created);
      return {
        state: 'healthy',
        uptimeSeconds: Number.isNaN(created)
          ? null
          : Math.max(0, Math.floor((now - created) / 1000)),
      };
    }
    case 'off':
    case 'stopping':
      return { state: 'unhealthy', reason: `server is ${server.status}` };
    default:
      return { state: 'unknown', reason: `server status is "${server.status}"` };
  }
}
