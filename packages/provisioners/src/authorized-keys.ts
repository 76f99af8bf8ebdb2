import { z } from 'zod';
import { ProvisionerError } from './errors';
import { MAX_SSH_KEYS, SshPublicKeySchema } from './types';

const KeysSchema = z.array(SshPublicKeySchema).min(1).max(MAX_SSH_KEYS);

/**
 * The content of an `authorized_keys` file holding exactly `keys`, one per line, for a
 * provisioner's `setSshKeys`. Each key must be one OpenSSH public key line (so no key can smuggle
 * a second line or options in); 1-20 keys, as a contract may hold.
 *
 * @throws {ProvisionerError} `invalid_request` naming the first bad key by its index.
 */
export function authorizedKeysFile(keys: readonly string[]): string {
  const parsed = KeysSchema.safeParse(keys);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `keys[${issue.path.join('.')}]` : 'keys';
    throw new ProvisionerError(
      'invalid_request',
      `${where}: ${issue?.message ?? 'invalid'} (1-20 OpenSSH public key lines)`,
    );
  }
  return `${parsed.data.join('\n')}\n`;
}
