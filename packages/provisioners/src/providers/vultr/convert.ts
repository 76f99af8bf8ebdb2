import type { Health, Instance, ManagedInstance } from '../../types';
import { contractIdFromTags } from '../_tagged-cloud/tags';
import type { VultrInstance } from './wire';

/** The provisioner kind. */
export const VULTR_KIND = 'vultr';

/** Vultr's three status fields → instance status. */
export function instanceStatus(
  i: Pick<VultrInstance, 'status' | 'power_status'>,
): Instance['status'] {
  if (i.status === 'pending') return 'creating';
  if (i.status === 'active') return i.power_status === 'running' ? 'running' : 'stopped';
  if (i.status === 'suspended') return 'stopped';
  return 'unknown';
}

/** An instance as an {@link Instance}; `rootPassword` only from the create answer. */
export function toInstance(i: VultrInstance, rootPassword?: string): Instance {
  return {
    externalId: i.id,
    provisioner: VULTR_KIND,
    contractId: contractIdFromTags(i.tags) ?? '',
    status: instanceStatus(i),
    // Vultr reports 0.0.0.0 and "" until addresses are assigned.
    ipv4: i.main_ip !== '' && i.main_ip !== '0.0.0.0' ? i.main_ip : null,
    ipv6: i.v6_main_ip !== '' ? i.v6_main_ip : null,
    sshPort: 22,
    ...(rootPassword ? { rootPassword } : {}),
  };
}

/** An instance as a {@link ManagedInstance}, or `null` when it has no contract tag. */
export function toManaged(i: VultrInstance): ManagedInstance | null {
  const contractId = contractIdFromTags(i.tags);
  return contractId === null
    ? null
    : { externalId: i.id, provisioner: VULTR_KIND, contractId, status: instanceStatus(i) };
}

/** Health from status and power status; Vultr reports no boot time, so uptime is unknown. */
export function toHealth(i: VultrInstance | null): Health {
  if (i === null) return { state: 'unhealthy', reason: 'instance not found (deleted?)' };
  if (i.status === 'pending')
    return { state: 'unknown', reason: 'instance is still being deployed' };
  if (i.status !== 'active')
    return { state: 'unhealthy', reason: `instance status is ${i.status}` };
  if (i.power_status !== 'running')
    return { state: 'unhealthy', reason: `instance is ${i.power_status}` };
  return { state: 'healthy', uptimeSeconds: null };
}
