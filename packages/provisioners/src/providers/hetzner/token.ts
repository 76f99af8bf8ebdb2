import { readFile, stat } from 'node:fs/promises';
import { ProvisionerError } from '../../errors';

/**
 * The API token from `token` or the first line of `tokenFile`. Messages name the file, never
 * its content.
 */
export async function loadToken(config: {
  readonly token?: string | undefined;
  readonly tokenFile?: string | undefined;
}): Promise<string> {
  if (config.token !== undefined) return config.token;
  const path = config.tokenFile ?? '';
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new ProvisionerError(
      'invalid_config',
      `hetzner tokenFile "${path}" cannot be read (${typeof code === 'string' ? code : 'error'})`,
      {
        retryable: false,
      },
    );
  }
  const token = text.split(/\r?\n/)[0]?.trim() ?? '';
  if (token === '')
    throw new ProvisionerError('invalid_config', `hetzner tokenFile "${path}" is empty`, {
      retryable: false,
    });
  return token;
}

/** A warning when the token file can be read by other users, else `null`. */
export async function tokenFileModeWarning(path: string | undefined): Promise<string | null> {
  if (path === undefined || process.platform === 'win32') return null;
  try {
    const { mode } = await stat(path);
    return (mode & 0o077) !== 0
      ? `hetzner tokenFile "${path}" is readable by group or others (mode ${(mode & 0o777).toString(8)}); restrict it with chmod 600`
      : null;
  } catch {
    return null;
  }
}
