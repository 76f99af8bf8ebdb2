import { definePackageBuild } from '../../tsup.shared.ts';

// ky is bundled: it is ESM-only with a default export, which CommonJS require() cannot use.
export default definePackageBuild(['src/index.ts'], { bundle: ['ky'] });
