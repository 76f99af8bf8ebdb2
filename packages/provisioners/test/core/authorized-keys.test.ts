import { describe, expect, it } from 'vitest';
import { authorizedKeysFile } from '../../src/core';

const BODY = 'AAAAC3NzaC1lZDI1NTE5AAAAIGtleWJvZHlmb3J0ZXN0aW5nb25seQ==';

describe('authorizedKeysFile', () => {
  it('writes one key per line for every key type a contract may hold', () => {
    const keys = [
      `ssh-ed25519 ${BODY} me@laptop`,
      `ssh-rsa ${BODY}`,
      `ecdsa-sha2-nistp256 ${BODY} a`,
      `ecdsa-sha2-nistp384 ${BODY} b`,
      `ecdsa-sha2-nistp521 ${BODY} c`,
      `sk-ssh-ed25519@openssh.com ${BODY} yubikey`,
      `sk-ecdsa-sha2-nistp256@openssh.com ${BODY} yubikey`,
    ];
    expect(authorizedKeysFile(keys)).toBe(`${keys.join('\n')}\n`);
  });

  it('refuses, naming the key, what could add a line or an option to the file', () => {
    const cases: [string[], string][] = [
      [[`ssh-ed25519 ${BODY} me\nssh-ed25519 ${BODY} intruder`], 'keys[0]'],
      [[`ssh-ed25519 ${BODY}`, `command="sh" ssh-ed25519 ${BODY}`], 'keys[1]'],
      [[`ssh-dss ${BODY}`], 'keys[0]'],
      [[], 'keys:'],
      [Array.from({ length: 21 }, () => `ssh-ed25519 ${BODY}`), 'keys:'],
    ];
    for (const [keys, where] of cases) {
      expect(() => authorizedKeysFile(keys)).toThrow(
        expect.objectContaining({
          code: 'invalid_request',
          message: expect.stringContaining(where),
        }),
      );
    }
  });
});
