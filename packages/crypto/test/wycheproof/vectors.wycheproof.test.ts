/**
 * The files in `./vectors/` are unmodified copies of the upstream Wycheproof files (see
 * `./vectors/SOURCE.md`). This pins their SHA-256 so that an accidental rewrite (a formatter,
 * an editor re-indenting JSON, a line-ending change) fails here instead of silently changing
 * what the other `*.wycheproof.test.ts` files check. Update a hash only together with a
 * deliberate update of the vectors from upstream.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readVectorFile } from './_vectors';

const SHA256: Record<string, string> = {
  'SOURCE.md': 'afc261bfe44d717ad4e3a45900c9acd3bfaa063ab5331d05c85a53c94d69a245',
  'ed25519_test.json': '752d2ea7d7c6cf4736381b6cbacb61f8182b126ab7cd9b058f00c50084975536',
  'x25519_test.json': '35c3f5231cf25cc640b524d403461deee9e49441d5d915a3a25b2c8ff5adbe7d',
  'xchacha20_poly1305_test.json':
    'a79de072571b90eb40c3a63ce0c7f75dcb4b62323c8870228e1f61dcc61d63a9',
  'hkdf_sha256_test.json': 'bb2b462a38b251cb52a2aede706d6d4b62b26864f4e80c95497507ddb07c5f1e',
};

describe('Wycheproof vector files', () => {
  for (const [file, expected] of Object.entries(SHA256)) {
    it(`${file} is byte-identical to the upstream copy`, () => {
      expect(createHash('sha256').update(readVectorFile(file)).digest('hex')).toBe(expected);
    });
  }

  it('SOURCE.md lists the test count of each file', () => {
    const source = readVectorFile('SOURCE.md').toString('utf8');
    for (const file of Object.keys(SHA256).filter((name) => name.endsWith('.json'))) {
      const { numberOfTests } = JSON.parse(readVectorFile(file).toString('utf8')) as {
        numberOfTests: number;
      };
      expect(source).toContain(`| ${file} | ${numberOfTests} |`);
    }
  });
});
