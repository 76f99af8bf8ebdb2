import { definePackageBuild } from '../../tsup.shared.ts';

// Two entries: the universal one, and `@dc/crypto/node` (node:crypto fast path) kept apart so
// browser bundles never see a `node:` import.
export default definePackageBuild(['src/index.ts', 'src/node.ts']);
