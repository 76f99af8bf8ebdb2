import { defineConfig } from 'tsup';

// An app, not a library: ESM bundles of our code (dependencies stay in node_modules). `main` is
// what `pnpm start` runs; `index` is `startSandbox` for tests that need the whole platform
// (the dashboard's browser tests), with its declarations.
export default defineConfig({
  entry: { main: 'src/main.ts', index: 'src/index.ts' },
  format: ['esm'],
  target: 'node20',
  sourcemap: true,
  clean: true,
  dts: { entry: { index: 'src/index.ts' } },
});
