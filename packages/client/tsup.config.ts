import { definePackageBuild } from '../../tsup.shared.ts';

// `@dc/client/agent` is its own entry: a provider agent loads the agent operations only.
// ky is bundled: it is ESM-only with a default export, which CommonJS require() cannot use.
export default definePackageBuild(['src/index.ts', 'src/agent.ts'], { bundle: ['ky'] });
