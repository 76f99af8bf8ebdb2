import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import derivation from './vectors/derivation.json';

/**
 * The package as a browser gets it: bundled by esbuild for `platform: 'browser'`, then run in a
 * fresh V8 context holding only Web APIs (no require, process, Buffer or node: modules).
 */
async function browserBundle(): Promise<string> {
  const result = await build({
    entryPoints: [new URL('../src/index.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'dc',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

describe('browser build', () => {
  it('bundles for the browser without node: imports or Node globals', async () => {
    const code = await browserBundle();
    expect(code).not.toMatch(/from\s*["']node:|require\(["']node:/);
    expect(code).not.toMatch(/\bprocess\.|\bBuffer\./);
  });

  it('derives keys, signs, verifies, seals and opens with Web APIs only', async () => {
    const code = await browserBundle();
    const web = {
      crypto: globalThis.crypto,
      TextEncoder,
      TextDecoder,
      URL,
      Headers,
      Promise,
      Map,
      Set,
      Uint8Array,
    };
    const script = `${code}
      (async () => {
        const phrase = ${JSON.stringify(derivation.vectors[0]?.phrase)};
        const id = dc.identityFromSeedPhrase(phrase);
        const headers = dc.signRequest({ secretKey: id.secretKey, method: 'GET', url: 'https://api.example.com/v1/me', timestamp: 1767225600000 });
        const verified = await dc.verifyRequest({ method: 'GET', path: '/v1/me', host: 'api.example.com', headers, now: 1767225600000, replayGuard: new dc.MemoryReplayGuard() });
        const context = { contractId: 'c1', purpose: 'root_password' };
        const opened = new TextDecoder().decode(dc.open(dc.seal('pw', [id.publicKey], context), id.secretKey, context));
        return { publicKey: id.publicKeyHex, verified: verified.ok, opened, hasProcess: typeof process !== 'undefined' };
      })()`;
    const result = await runInNewContext(script, web);
    expect(result).toEqual({
      publicKey: derivation.vectors[0]?.publicKey,
      verified: true,
      opened: 'pw',
      hasProcess: false,
    });
  });
});
