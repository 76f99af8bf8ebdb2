import { isProvisionerError } from '../../errors';
import type { SetupReport } from '../../types';
import type { ProxmoxApi } from './api';
import type { ProxmoxConfig } from './config';

const reason = (error: unknown) =>
  isProvisionerError(error) ? `${error.message} [${error.code}]` : String(error);

/**
 * Checks a configuration against the live API: the token and TLS work, the node is online, the
 * template is a template on that node, the storage holds VM images, the bridge exists. Every
 * problem is a sentence naming the setting and what would be accepted; nothing throws.
 */
export async function verifyAgainstApi(
  api: ProxmoxApi,
  config: ProxmoxConfig,
): Promise<SetupReport> {
  const errors: string[] = [];
  const warnings: string[] = [];
  if (new URL(config.baseUrl).protocol === 'http:') {
    warnings.push(
      `baseUrl ${config.baseUrl} is plain http: the API token travels unencrypted; use https with tls.caCertificate or tls.fingerprintSha256`,
    );
  }
  try {
    await api.version();
  } catch (error) {
    errors.push(`cannot use the Proxmox API at ${config.baseUrl}: ${reason(error)}`);
    return { ok: false, errors, warnings };
  }

  try {
    const nodes = await api.nodes();
    const node = nodes.find((n) => n.node === config.node);
    if (!node)
      errors.push(
        `node "${config.node}" is not in this cluster; nodes: ${nodes.map((n) => n.node).join(', ') || '(none visible to this token)'}`,
      );
    else if (node.status !== 'online') errors.push(`node "${config.node}" is ${node.status}`);
  } catch (error) {
    errors.push(`cannot list nodes: ${reason(error)}`);
  }

  try {
    const vms = await api.vms();
    const template = vms.find((vm) => vm.vmid === config.templateVmId);
    if (!template) {
      const templates = vms
        .filter((vm) => vm.template === 1)
        .map((vm) => `${vm.vmid}${vm.name ? ` (${vm.name})` : ''}`);
      errors.push(
        `templateVmId ${config.templateVmId} does not exist or is not visible to the token; templates: ${templates.join(', ') || '(none)'}`,
      );
    } else if (template.template !== 1) {
      errors.push(
        `templateVmId ${config.templateVmId} (${template.name ?? 'unnamed'}) is a VM, not a template; convert it with "qm template ${config.templateVmId}"`,
      );
    } else if (template.node !== config.node) {
      errors.push(
        `templateVmId ${config.templateVmId} is on node "${template.node}", not on node "${config.node}"`,
      );
    }
  } catch (error) {
    errors.push(`cannot list VMs: ${reason(error)}`);
  }

  if (config.storage !== undefined) {
    try {
      const storages = await api.storages(config.node);
      const storage = storages.find((s) => s.storage === config.storage);
      const usable = storages
        .filter((s) => s.content.split(',').includes('images'))
        .map((s) => s.storage);
      if (!storage)
        errors.push(
          `storage "${config.storage}" does not exist on node "${config.node}"; storages for VM disks: ${usable.join(', ') || '(none)'}`,
        );
      else if (!storage.content.split(',').includes('images'))
        errors.push(
          `storage "${config.storage}" does not hold VM disks (content: ${storage.content}); use one of: ${usable.join(', ')}`,
        );
      else if (storage.active === 0)
        errors.push(`storage "${config.storage}" is not active on node "${config.node}"`);
    } catch (error) {
      errors.push(`cannot list storages of node "${config.node}": ${reason(error)}`);
    }
  }

  if (config.bridge !== undefined) {
    try {
      const bridges = await api.bridges(config.node);
      if (!bridges.some((b) => b.iface === config.bridge)) {
        errors.push(
          `bridge "${config.bridge}" does not exist on node "${config.node}"; bridges: ${bridges.map((b) => b.iface).join(', ') || '(none)'}`,
        );
      }
    } catch (error) {
      errors.push(`cannot list bridges of node "${config.node}": ${reason(error)}`);
    }
  }
  return { ok: errors.length === 0, errors, warnings };
}
