/** Label (tag) key carrying the full contract id on every resource we create. */
export const CONTRACT_LABEL = 'dc-contract';
/** Label marking a resource as made by Decent Cloud, for `listInstances` and orphan sweeps. */
export const MANAGED_LABEL = 'dc-managed';

/**
 * The name of every resource made for a contract: `dc-` + the first 12 characters of the
 * contract id, lower-cased (cloud names are short and case-insensitive). Adoption also checks
 * the full id in the label, so two contracts sharing a prefix never share a server.
 */
export function resourceName(contractId: string): string {
  // Trailing dashes are trimmed: hostnames (Hetzner, Proxmox) may not end in one.
  return `dc-${contractId
    .slice(0, 12)
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')}`.replace(/-+$/, '');
}
