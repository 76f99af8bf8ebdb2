import { defineConfig } from 'tsup';

// The server is an app, not a library: one ESM bundle of our code (dependencies stay in
// node_modules), with the SQL migrations copied next to it.
export default defineConfig({
  entry: { main: 'src/main.ts', index: 'src/index.ts' },
  format: ['esm'],
  target: 'node20',
  sourcemap: true,
  clean: true,
  onSuccess: 'cp -r src/db/migrations dist/',
});
