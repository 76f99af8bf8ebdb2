import { defineConfig } from 'tsup';

// dc-agent is an app, not a library: one ESM bundle of our code with a shebang (dependencies
// stay in node_modules).
export default defineConfig({
  entry: { cli: 'src/cli/main.ts' },
  format: ['esm'],
  target: 'node20',
  sourcemap: true,
  clean: true,
  banner: { js: '#!/usr/bin/env node' },
});
