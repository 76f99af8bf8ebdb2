import { readFile, stat } from 'node:fs/promises';
import { ProvisionerError } from '../../errors';

/** Where an API credential comes from: inline or a file (one line, trailing newline ignored). */
export interface SecretSource {
  readonly value?: string | undefined;
  readonly file?: string | undefined;
}

/**
 * Reads a credential. Read on first use, not when the provisioner is built, so a missing file
 * shows up as an `invalid_config` error (and in `verifySetup`) instead of crashing the agent.
 * `field` names the config key in messages; the value itself is never put in a message.
 */
export async function loadSecret(source: SecretSource, field: string): Promise<string> {
  if (source.value !== undefined) return source.value;
  if (source.file === undefined) {
    throw new ProvisionerError('invalid_config', `set either ${field} or ${field}File`);
  }
  let text: string;
  try {
    text = await readFile(source.file, 'utf8');
  } catch (error) {
    throw new ProvisionerError(
      'invalid_config',
      `${field}File "${source.file}" cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      { cause: error },
    );
  }
  const secret = text.trim();
  if (secret === '') {
    throw new ProvisionerError('invalid_config', `${field}File "${source.file}" is empty`);
  }
  return secret;
}

/** A warning when a credential file can be read by group or others (mode should be 0600). */
export async function secretFileWarning(
  source: SecretSource,
  field: string,
): Promise<string | null> {
  if (source.file === undefined || process.platform === 'win32') return null;
  try {
    const mode = (await stat(source.file)).mode & 0o777;
    return (mode & 0o077) === 0
      ? null
      : `${field}File "${source.file}" has mode ${mode.toString(8).padStart(4, '0')}; make it 0600 so only the agent's user can read it`;
  } catch {
    return null; // loadSecret reports the unreadable file
  }
}
