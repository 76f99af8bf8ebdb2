import type { Health, Instance, ManagedInstance } from '../../types';
import { contractIdFromTags } from '../_tagged-cloud/tags';
import type { DoDroplet } from './wire';

/** The provisioner kind. */
export const DIGITALOCEAN_KIND = 'digitalocean';

/** Droplet status → instance status. */
export function instanceStatus(droplet: Pick<DoDroplet, 'status'>): Instance['status'] {
  switch (droplet.status) {
    case 'new':
      return 'creating';
    case 'active':
      return 'running';
    case 'off':
      return 'stopped';
    default:
      return 'unknown';
  }
}

/** A droplet as an {@link Instance}; the contract id comes from its tag. */
export function toInstance(droplet: DoDroplet): Instance {
  const publicV4 = droplet.networks.v4.find((n) => n.type === 'public');
  const publicV6 = droplet.networks.v6.find((n) => n.type === 'public');
  return {
    externalId: String(droplet.id),
    provisioner: DIGITALOCEAN_KIND,
    contractId: contractIdFromTags(droplet.tags) ?? '',
    status: instanceStatus(droplet),
    ipv4: publicV4?.ip_address ?? null,
    ipv6: publicV6?.ip_address ?? null,
    sshPort: 22,
  };
}

/** A droplet as a {@link ManagedInstance}, or `null` when it has no contract tag. */
export function toManaged(droplet: DoDroplet): ManagedInstance | null {
  const contractId = contractIdFromTags(droplet.tags);
  if (contractId === null) return null;
  return {
    externalId: String(droplet.id),
    provisioner: DIGITALOCEAN_KIND,
    contractId,
    status: instanceStatus(droplet),
  };
}

/**
 * Health from the droplet status. DigitalOcean reports no boot time (`created_at` is when the
 * droplet was ordered), so uptime is unknown.
 */
export function toHealth(droplet: DoDroplet | null): Health {
  if (droplet === null) return { state: 'unhealthy', reason: 'droplet not found (deleted?)' };
  switch (droplet.status) {
    case 'active':
      return { state: 'healthy', uptimeSeconds: null };
    case 'off':
      return { state: 'unhealthy', reason: 'droplet is powered off' };
    case 'new':
      return { state: 'unknown', reason: 'droplet is still being created' };
    default:
      return { state: 'unhealthy', reason: `droplet status is ${droplet.status}` };
  }
}
