import { describe, expect, it } from 'vitest';
import { CryptoError, createSecretBox } from '../src/index';

const k1 = new Uint8Array(32).fill(1);
const k2 = new Uint8Array(32).fill(2);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('secret box', () => {
  const box = createSecretBox({ keys: { k1 }, activeKeyId: 'k1' });

  it('round-trips a secret bound to its row', () => {
    const sealed = box.seal('hcloud-token-123', 'provider_tokens:42');
    expect(sealed).toMatch(/^dcsb1\.k1\.[A-Za-z0-9_-]{32}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('hcloud');
    expect(text(box.open(sealed, 'provider_tokens:42'))).toBe('hcloud-token-123');
  });

  it('refuses to open for another row (a copied ciphertext)', () => {
    const sealed = box.seal('t', 'provider_tokens:42');
    expect(() => box.open(sealed, 'provider_tokens:43')).toThrow(CryptoError);
  });

  it('rotates: old key ids open, the active one seals', () => {
    const sealed = box.seal('t', 'row:1');
    const rotated = createSecretBox({ keys: { k1, k2 }, activeKeyId: 'k2' });
    expect(rotated.needsRotation(sealed)).toBe(true);
    const resealed = rotated.rotate(sealed, 'row:1');
    expect(resealed.startsWith('dcsb1.k2.')).toBe(true);
    expect(rotated.needsRotation(resealed)).toBe(false);
    expect(text(rotated.open(resealed, 'row:1'))).toBe('t');
  });

  it('binds the key id: relabelling a blob with another id fails', () => {
    const both = createSecretBox({ keys: { k1, k2: k1 }, activeKeyId: 'k1' });
    const sealed = both.seal('t', 'row:1');
    expect(() => both.open(sealed.replace('.k1.', '.k2.'), 'row:1')).toThrow(/does not open/);
  });

  it('names what is wrong with its configuration and input', () => {
    expect(() => createSecretBox({ keys: { k1 }, activeKeyId: 'k9' })).toThrow(
      /"activeKeyId" "k9" is not among the keys/,
    );
    expect(() => createSecretBox({ keys: { k1: new Uint8Array(16) }, activeKeyId: 'k1' })).toThrow(
      '"keys.k1" expected 32 bytes, got 16',
    );
    expect(() => box.open('dcsb1.k7.AAAA.AAAA', 'row:1')).toThrow(/no master key with id "k7"/);
    expect(() => box.open('v0:abc', 'row:1')).toThrow(/expected dcsb1/);
    expect(() => box.seal('t', '')).toThrow(/"aad" expected a non-empty string/);
  });
});
