import { describe, expect, it } from 'vitest';
import { openPhrase, sealPhrase, WrongPassphraseError } from '../src/session/vault';

const PHRASE = 'legal winner thank year wave sausage worth useful legal winner thank yellow';

describe('the seed phrase vault', () => {
  it('opens with the passphrase it was sealed with, and never stores the phrase in clear', async () => {
    const sealed = await sealPhrase(PHRASE, 'correct horse battery');
    expect(JSON.stringify(sealed)).not.toContain('legal');
    expect(await openPhrase(sealed, 'correct horse battery')).toBe(PHRASE);
  });

  it('refuses a wrong passphrase instead of returning garbage', async () => {
    const sealed = await sealPhrase(PHRASE, 'correct horse battery');
    await expect(openPhrase(sealed, 'correct horse batterY')).rejects.toBeInstanceOf(
      WrongPassphraseError,
    );
  });

  it('uses a fresh salt and nonce each time', async () => {
    const a = await sealPhrase(PHRASE, 'pass phrase');
    const b = await sealPhrase(PHRASE, 'pass phrase');
    expect(a.salt).not.toBe(b.salt);
    expect(a.iv).not.toBe(b.iv);
  });
});
