import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Both src/*.ts (tests) and dist/*.js (pnpm start) sit one folder below the package.
const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** The monorepo root (apps/sandbox/../..). */
export const REPO_DIR = join(PACKAGE_DIR, '..', '..');

/** Where `pnpm start` keeps its data unless told otherwise: `.dc-data` at the repository root. */
export const DEFAULT_DATA_DIR = join(REPO_DIR, '.dc-data');

/** The dashboard's static build; it may not exist (not built yet). */
export const DASHBOARD_DIST = join(REPO_DIR, 'apps', 'dashboard', 'dist');

/** The built entry point of a workspace app, with what to run when it is missing. */
function builtEntry(pkg: '@dc/app-api' | '@dc/app-agent', file: string): string {
  const path = join(dirname(require.resolve(`${pkg}/package.json`)), file);
  if (!existsSync(path)) {
    throw new Error(
      `${path} does not exist: build it first with "pnpm turbo run build --filter=${pkg}..." (pnpm start does this)`,
    );
  }
  return path;
}

/** `apps/api/dist/main.js`, the API server. */
export const apiEntry = (): string => builtEntry('@dc/app-api', 'dist/main.js');

/** `apps/agent/dist/cli.js`, the `dc-agent` CLI. */
export const agentEntry = (): string => builtEntry('@dc/app-agent', 'dist/cli.js');
