import { definePackageBuild } from '../../tsup.shared.ts';

// `@dc/provisioners/testing` (fakes and the conformance suite) is its own entry so the
// runtime never loads vitest.
// ky is bundled: it is ESM-only with a default export, which CommonJS require() cannot use.
export default definePackageBuild(['src/index.ts', 'src/testing/index.ts'], { bundle: ['ky'] });
