import type { ProvisionRequest } from './types';

/**
 * Cloud-init user data for a request: the renter's SSH keys for root, and the post-provision
 * script (if any) run once at first boot with its exit status and output tail written to
 * `/var/log/dc-recipe.{status,log}` (read back where the cloud allows it without SSH, e.g.
 * the Proxmox guest agent). No SSH access from the agent is needed.
 */
export function cloudInitUserData(
  request: Pick<ProvisionRequest, 'sshPublicKeys' | 'script'>,
): string {
  const lines = ['#cloud-config', 'disable_root: false', 'ssh_pwauth: false'];
  if (request.sshPublicKeys.length > 0) {
    lines.push(
      'users:',
      '  - name: root',
      '    ssh_authorized_keys:',
      ...request.sshPublicKeys.map((k) => `      - ${JSON.stringify(k)}`),
    );
  }
  if (request.script !== undefined && request.script.trim() !== '') {
    const encoded = Buffer.from(request.script, 'utf8').toString('base64');
    lines.push(
      'write_files:',
      '  - path: /var/lib/dc/recipe.sh',
      '    permissions: "0700"',
      '    encoding: b64',
      `    content: ${encoded}`,
      'runcmd:',
      '  - [sh, -c, "/var/lib/dc/recipe.sh > /var/log/dc-recipe.log 2>&1; echo $? > /var/log/dc-recipe.status"]',
    );
  }
  return `${lines.join('\n')}\n`;
}
