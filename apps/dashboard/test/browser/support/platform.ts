import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import {
  type RunningSandbox,
  type StartSandboxOptions,
  startSandbox,
} from '../../../../sandbox/src/index';
import { launchChromium } from './chromium';

const PACKAGE_DIR = join(import.meta.dirname, '..', '..', '..');

/** The whole local platform as `pnpm start` runs it, plus a browser to drive it. */
export interface BrowserPlatform {
  readonly sandbox: RunningSandbox;
  readonly browser: Browser;
  /** A fresh browser context (1440 x 900) and a page in it, 20 s default timeout. */
  newPage(): Promise<{ context: BrowserContext; page: Page }>;
  stop(): Promise<void>;
}

/**
 * Builds the dashboard as users get it, starts `startSandbox` (fake Hetzner cloud, the API and
 * the sandbox provider's dc-agent as child processes) in a temp folder, and launches chromium.
 * `telegram`: a bot for the sandbox's API (a Bot API fake).
 */
export async function startBrowserPlatform(
  options: { readonly telegram?: StartSandboxOptions['telegram'] } = {},
): Promise<BrowserPlatform> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dc-dashboard-'));
  // The production build users get (vitest sets NODE_ENV=test, which would bundle React's
  // development build), into the temp folder so dist/ is left alone.
  const dashboardDir = join(dataDir, 'dashboard');
  const nodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({
      root: PACKAGE_DIR,
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: dashboardDir, emptyOutDir: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = nodeEnv;
  }
  const sandbox = await startSandbox({
    dataDir,
    dashboardDir,
    port: 0,
    cloudActionMs: 200,
    log: () => {},
    ...(options.telegram === undefined ? {} : { telegram: options.telegram }),
  });
  const browser = await launchChromium();
  return {
    sandbox,
    browser,
    async newPage() {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
        origin: sandbox.url,
      });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      return { context, page };
    },
    async stop() {
      await browser.close();
      await sandbox.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in with a seed phrase for this visit only (nothing stored) and waits for the account. */
export async function signInForVisit(
  page: Page,
  url: string,
  account: { readonly seedPhrase: string; readonly username: string },
): Promise<void> {
  await page.goto(`${url}/sign-in`);
  await page.getByRole('tab', { name: 'Import a seed phrase' }).click();
  await page.getByRole('textbox', { name: 'Seed phrase' }).fill(account.seedPhrase);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel(/only for this visit/).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText(`@${account.username}`).waitFor();
}
