import { definePackageBuild } from '../../tsup.shared.ts';

// `@dc/provisioners/testing` (fakes and the conformance suite) is its own entry so the
// runtime never loads vitest. `@dc/provisioners/core` (interface, errors, every config schema)
// and one entry per built-in let a host load only the provisioners it runs.
// ky is bundled: it is ESM-only with a default export, which CommonJS require() cannot use.
const KINDS = ['hetzner', 'proxmox', 'docker', 'digitalocean', 'vultr', 'script', 'manual'];

export default definePackageBuild(
  [
    'src/index.ts',
    'src/core.ts',
    ...KINDS.map((kind) => `src/providers/${kind}/index.ts`),
    'src/testing/index.ts',
  ],
  { bundle: ['ky'] },
);
