import { defineConfig } from 'tsup';

/**
 * One build for every publishable package: ESM + CJS + `.d.ts`/`.d.cts` from `src/index.ts`,
 * checked by publint and arethetypeswrong in `pnpm lint`.
 */
export function definePackageBuild(
  entry: string[] = ['src/index.ts'],
  options: { bundle?: string[] } = {},
) {
  return defineConfig({
    entry,
    // ESM-only dependencies whose default export CJS cannot reach through require(esm).
    noExternal: options.bundle ?? [],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
  });
}
