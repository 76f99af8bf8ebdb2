import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateIdentity, type Identity, identityFromSecretKey, secretKeyToHex } from '@dc/crypto';

/** The agent key file cannot be used; the message says how to fix it. */
export class KeyFileError extends Error {
  override readonly name = 'KeyFileError';
  constructor(
    readonly path: string,
    message: string,
    /** `missing`: there is no file (init or register creates one). */
    readonly reason: 'missing' | 'permissions' | 'invalid' | 'unreadable',
  ) {
    super(message);
  }
}

const HEX_KEY = /^[0-9a-fA-F]{64}$/;

/**
 * Creates a new agent key at `path`: the file is opened with `O_EXCL` and mode 0600, so it is
 * never readable by others, not even for a moment, and an existing key is never overwritten.
 * Holds the secret key as 64 hex digits and a newline. The parent folder is created (0700)
 * when missing.
 */
export function createKeyFile(path: string): Identity {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const identity = generateIdentity();
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new KeyFileError(
        path,
        `${path} already exists; an agent key is never overwritten (delete it first to make a new one)`,
        'invalid',
      );
    }
    throw error;
  }
  try {
    writeSync(fd, `${secretKeyToHex(identity)}\n`);
  } finally {
    closeSync(fd);
  }
  return identity;
}

/**
 * Loads the agent key at `path`. Refuses a file that group or others may read (with the
 * `chmod 600` that fixes it) and a file that is not a key.
 */
export function loadKeyFile(path: string): Identity {
  let mode: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new KeyFileError(path, `${path} is not a file`, 'invalid');
    mode = stat.mode;
  } catch (error) {
    if (error instanceof KeyFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new KeyFileError(
        path,
        `no agent key at ${path}; create one with dc-agent init (or dc-agent register --token ...)`,
        'missing',
      );
    }
    throw new KeyFileError(
      path,
      `cannot read the agent key ${path} (${code ?? String(error)})`,
      'unreadable',
    );
  }
  if ((mode & 0o077) !== 0) {
    throw new KeyFileError(
      path,
      `the agent key ${path} can be read by other users (mode ${(mode & 0o777).toString(8)}); run chmod 600 ${path}`,
      'permissions',
    );
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new KeyFileError(
      path,
      `cannot read the agent key ${path} (${code ?? String(error)})`,
      'unreadable',
    );
  }
  if (!HEX_KEY.test(text)) {
    throw new KeyFileError(
      path,
      `${path} is not an agent key (expected 64 hex digits); restore it from a backup or delete it and register a new key`,
      'invalid',
    );
  }
  return identityFromSecretKey(text.toLowerCase());
}

/** Loads the key at `path`, or creates it when there is none; says which happened. */
export function loadOrCreateKeyFile(path: string): { identity: Identity; created: boolean } {
  try {
    return { identity: loadKeyFile(path), created: false };
  } catch (error) {
    if (error instanceof KeyFileError && error.reason === 'missing') {
      return { identity: createKeyFile(path), created: true };
    }
    throw error;
  }
}
