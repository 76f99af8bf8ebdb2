import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKeyFile, loadKeyFile, loadOrCreateKeyFile } from '../../src/identity/key-file';
import { tempFolder } from './_cli';

describe('the agent key file', () => {
  it('is created with mode 0600, in a new 0700 folder, holding the secret key as hex', () => {
    const path = join(tempFolder(), 'keys', 'agent.key');
    const identity = createKeyFile(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700);
    expect(readFileSync(path, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(loadKeyFile(path).publicKeyHex).toBe(identity.publicKeyHex);
  });

  it('is never overwritten', () => {
    const path = join(tempFolder(), 'agent.key');
    const first = createKeyFile(path);
    expect(() => createKeyFile(path)).toThrow(
      `${path} already exists; an agent key is never overwritten`,
    );
    expect(loadOrCreateKeyFile(path)).toEqual({ identity: first, created: false });
  });

  it('is refused when others may read it, with the command that fixes it', () => {
    const path = join(tempFolder(), 'agent.key');
    createKeyFile(path);
    chmodSync(path, 0o640);
    expect(() => loadKeyFile(path)).toThrow(
      `the agent key ${path} can be read by other users (mode 640); run chmod 600 ${path}`,
    );
  });

  it('is refused when it is not a key, and when it is missing', () => {
    const folder = tempFolder();
    const path = join(folder, 'agent.key');
    writeFileSync(path, 'not a key\n', { mode: 0o600 });
    expect(() => loadKeyFile(path)).toThrow(`${path} is not an agent key (expected 64 hex digits)`);
    expect(() => loadKeyFile(join(folder, 'none.key'))).toThrow(
      `no agent key at ${join(folder, 'none.key')}; create one with dc-agent init`,
    );
  });
});
