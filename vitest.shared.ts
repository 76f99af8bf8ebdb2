import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * One test layout for every workspace package: `*.test.ts` files form the `fast` project,
 * `*.slow.test.ts` files (long property runs, real servers) the `slow` one. `pnpm test` runs
 * both; `pnpm test:fast` only the first, for a quick edit-test loop.
 */
export function definePackageTestConfig() {
  const { name } = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as {
    name: string;
  };
  return defineConfig({
    // README examples import the package by its public name; in its own tests that name
    // resolves to the source, so examples are checked without a build.
    resolve: {
      alias: [
        { find: `${name}/testing`, replacement: join(process.cwd(), 'src/testing/index.ts') },
        { find: new RegExp(`^${name}$`), replacement: join(process.cwd(), 'src/index.ts') },
      ],
    },
    test: {
      // CI machines have 2 cores shared by every package's tests (turbo runs them side by
      // side); CPU-heavy property tests need room. Speed is measured by `pnpm bench`, never here.
      testTimeout: 60_000,
      // Set-ups start servers and build fixtures: minutes when every package tests at once.
      hookTimeout: 180_000,
      projects: [
        {
          extends: true,
          test: {
            name: 'fast',
            include: ['{src,test}/**/*.test.ts'],
            exclude: ['**/*.slow.test.ts', '**/node_modules/**'],
            benchmark: { include: ['bench/**/*.bench.ts'] },
          },
        },
        {
          extends: true,
          test: {
            name: 'slow',
            include: ['{src,test}/**/*.slow.test.ts'],
            testTimeout: 120_000,
            // Their set-ups start real servers and daemons; on a CI machine busy with every
            // other package's tests that alone took over a minute.
            hookTimeout: 240_000,
            benchmark: { include: [], exclude: ['**'] },
          },
        },
      ],
    },
  });
}
