// The dashboard in a real browser against the whole local platform as `pnpm start` runs it
// (startSandbox: fake Hetzner cloud, the API and the sandbox provider's dc-agent as child
// processes). The renter signs in with nothing but the seed phrase the sandbox printed.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generateSshPublicKey } from '@dc/provisioners/testing';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../sandbox/src/index';
import { annotatedScreenshot } from './support/annotate';
import { checkPage } from './support/checks';
import { type BrowserPlatform, signInForVisit, startBrowserPlatform } from './support/platform';

const PASSPHRASE = 'a sandbox passphrase';
const AGENT_CLI = join(import.meta.dirname, '..', '..', '..', 'agent', 'bin', 'dc-agent.js');
const execFileAsync = promisify(execFile);
const MINUTE = 60_000;

let platform: BrowserPlatform;
let sandbox: RunningSandbox;
let renterContext: BrowserContext;
let page: Page;
let contractId = '';

beforeAll(async () => {
  platform = await startBrowserPlatform();
  ({ sandbox } = platform);
  ({ context: renterContext, page } = await platform.newPage());
}, 5 * MINUTE);

afterAll(async () => {
  await renterContext?.close();
  await platform?.stop();
});

describe('the renter flow', () => {
  it('shows the marketplace, labelled local sandbox, and points at a DSL error', async () => {
    await page.goto(sandbox.url);
    await page.getByRole('heading', { name: 'Marketplace' }).waitFor();
    await expect(page.getByRole('note').textContent()).resolves.toContain('LOCAL SANDBOX');
    await page
      .getByRole('link', { name: /\(local sandbox\)/ })
      .first()
      .waitFor();
    await checkPage(page, 'marketplace');
    await page.getByRole('button', { name: 'Theme: system' }).click();
    await page.getByRole('button', { name: 'Theme: dark' }).waitFor();
    await checkPage(page, 'marketplace-dark');
    await page.getByRole('button', { name: 'Theme: dark' }).click();
    await page.getByRole('button', { name: 'Theme: light' }).click();

    await page.getByLabel('Search').fill('cores:>=2 price:<=');
    const error = page.locator('#q-help .error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/at character \d+/);
    expect(await page.getByRole('button', { name: 'Search' }).isDisabled()).toBe(true);
    await checkPage(page, 'marketplace-dsl-error');
    await page.getByLabel('Search').fill('');
  });

  it('signs in with the printed seed phrase, kept encrypted under a passphrase', async () => {
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByRole('tab', { name: 'Import a seed phrase' }).click();
    await checkPage(page, 'sign-in-import');
    await page.getByRole('textbox', { name: 'Seed phrase' }).fill(sandbox.renter.seedPhrase);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Passphrase (at least 8 characters)').fill(PASSPHRASE);
    await page.getByLabel('Repeat the passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(`@${sandbox.renter.username}`).waitFor();
    const stored = await page.evaluate(() => localStorage.getItem('dc.accounts.v1') ?? '');
    expect(stored).toContain(sandbox.renter.publicKeyHex);
    expect(stored).not.toContain(sandbox.renter.seedPhrase.split(' ')[0]);
  });

  it('rents an offering with a cost preview and lands on the highlighted rental', async () => {
    // The README's annotated marketplace (its legend lists these callouts in this order).
    await page.getByRole('link', { name: 'Marketplace' }).click();
    await page.locator('main li.card').first().waitFor();
    await annotatedScreenshot(page, 'readme-marketplace', [
      { selector: '.sandbox-banner' },
      { selector: 'main search' },
      { selector: 'main > div.row' },
      { selector: 'main li.card' },
      { selector: 'header nav' },
    ]);
    await page
      .getByRole('link', { name: /\(local sandbox\)/ })
      .first()
      .click();
    await page.getByRole('heading', { name: 'Specs' }).waitFor();
    await page
      .locator('section[aria-labelledby="provider-h"] [aria-busy="true"]')
      .waitFor({ state: 'detached' });
    await checkPage(page, 'offering');
    await page.getByRole('button', { name: 'Rent', exact: true }).click();
    await page.getByLabel('Hours').fill('48');
    await page.getByLabel('Your SSH public key').fill(generateSshPublicKey('renter@dashboard'));
    // The API's quote for what was typed: the total, and how it is made up.
    await page
      .getByTestId('cost-preview')
      .filter({ hasText: /^\d+\.\d{2} EUR$/ })
      .waitFor();
    await page.getByText(/ for 48 h.*(no VAT|VAT \d)/).waitFor();
    await checkPage(page, 'rent-dialog');
    await page.getByRole('button', { name: 'Rent and pay' }).click();
    await page.waitForURL(/\/rentals\?contract=/);
    contractId = new URL(page.url()).searchParams.get('contract') ?? '';
    const card = page.locator(`#contract-${contractId}`);
    await card.waitFor();
    expect(await card.getAttribute('class')).toContain('highlight');
    await checkPage(page, 'rentals');
  });

  it('opens the credentials in the browser once provisioned, then cancels with a refund', {
    timeout: 5 * MINUTE,
  }, async () => {
    await page.locator(`#contract-${contractId}`).getByRole('link').click();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    // Hetzner servers are reached by SSH key: a root password exists once the renter asks the
    // agent to set one, sealed to the renter's key.
    await page
      .getByTestId('contract-status')
      .filter({ hasText: /^(provisioned|active)$/ })
      .waitFor({ timeout: 2 * MINUTE });
    await page.getByRole('button', { name: 'Reset the root password' }).click();
    const open = page.getByRole('button', { name: /^Open / }).first();
    await open.waitFor({ timeout: MINUTE });
    await open.click();
    const secret = page.getByTestId('credential-secret').first();
    await secret.waitFor();
    expect((await secret.textContent())?.length ?? 0).toBeGreaterThan(8);
    expect(await secret.textContent()).not.toContain('Could not open');
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      await secret.textContent(),
    );
    expect(await page.getByTestId('ssh-command').textContent()).toMatch(/^ssh root@\S+$/);
    // Each request says how it ended; one the sandbox's cloud cannot carry out says why.
    const requests = page.getByTestId('contract-requests');
    await requests.getByText(/^Root password reset \(.*\): done$/).waitFor();
    const newKeys = page.getByLabel('New SSH public keys, one per line');
    await newKeys.fill(
      `${generateSshPublicKey('renter@new-laptop')}\nssh-dss AAAAB3NzaC1kc3M= old`,
    );
    await page.getByRole('button', { name: 'Replace the SSH keys' }).click();
    await page
      .locator('#new-ssh-keys-error')
      .filter({ hasText: /^Line 2: / })
      .waitFor();
    expect(await newKeys.getAttribute('aria-invalid')).toBe('true');
    await newKeys.fill(generateSshPublicKey('renter@new-laptop'));
    await page.getByRole('button', { name: 'Replace the SSH keys' }).click();
    await page.getByText('Requested: the outcome shows under "Your requests".').waitFor();
    await requests
      .getByText(
        /^SSH key change \(.*\): failed: hetzner cannot change SSH keys of a running server; rebuild required$/,
      )
      .waitFor({ timeout: MINUTE });
    await checkPage(page, 'contract');

    await page.getByLabel('More hours').fill('24');
    await page.getByRole('button', { name: 'Extend', exact: true }).click();
    await page.getByText('Extended: 72 h paid in total.').waitFor();
    await page
      .getByLabel(`Write to @${sandbox.provider.username}`)
      .fill('Hello from the dashboard');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page
      .getByRole('list', { name: 'Thread' })
      .getByText('Hello from the dashboard')
      .waitFor();

    await page.getByRole('button', { name: 'Cancel this rental…' }).click();
    const preview = page.getByTestId('refund-preview');
    await preview.waitFor();
    expect(await preview.textContent()).toMatch(/refunds \d+\.\d{2} EUR/);
    await checkPage(page, 'contract-cancel');
    await page.getByRole('button', { name: 'Cancel and refund' }).click();
    await page.getByTestId('contract-status').filter({ hasText: 'cancelled' }).waitFor();
    const feedback = page.getByRole('region', { name: 'Feedback' });
    await feedback
      .getByRole('group', { name: /match its description/ })
      .getByLabel('Yes')
      .check();
    await feedback
      .getByRole('group', { name: /rent from this provider/ })
      .getByLabel('Yes')
      .check();
    await checkPage(page, 'contract-ended');
    await page.getByRole('button', { name: 'Send feedback' }).click();
    await page.getByText(/Thank you: matched the description yes/).waitFor();
  });

  it('shows the wallet with the rental and its refund in the ledger', async () => {
    await page.getByRole('link', { name: 'Wallet' }).click();
    await page.getByTestId('balance-EUR').waitFor();
    await page.getByRole('cell', { name: /refund credit/ }).waitFor();
    await page
      .getByRole('cell', { name: /rental debit/ })
      .first()
      .waitFor();
    await checkPage(page, 'wallet');
  });

  it('deep link: a fresh load asks for the passphrase, then scrolls to and highlights the contract', async () => {
    await page.setViewportSize({ width: 375, height: 700 });
    await page.goto(`${sandbox.url}/rentals?contract=${contractId}`);
    await page.waitForURL(/\/sign-in\?next=/);
    await checkPage(page, 'sign-in-saved');
    await page.getByLabel('Passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.waitForURL(new RegExp(`/rentals\\?contract=${contractId}$`));
    const card = page.locator(`#contract-${contractId}`);
    await card.waitFor();
    expect(await card.getAttribute('class')).toContain('highlight');
    expect(await card.isVisible()).toBe(true);
    const box = await card.boundingBox();
    expect(box !== null && box.y >= 0 && box.y < 700).toBe(true);
  });
});

describe('provider onboarding', () => {
  it('creates an account from a new phrase, then profile, pool, setup token commands (run, they register an agent the Agents page revokes) and an offering', async () => {
    const { context, page: provider } = await platform.newPage();
    await provider.goto(`${sandbox.url}/sign-in`);
    await provider.getByRole('tab', { name: 'Create an account' }).click();
    const words = await provider
      .getByRole('list', { name: 'Seed phrase' })
      .locator('li')
      .allTextContents();
    expect(words).toHaveLength(12);
    await checkPage(provider, 'sign-in-create');
    await provider.getByRole('button', { name: 'I have written it down' }).click();
    for (const label of await provider.locator('label[for^="confirm-"]').allTextContents()) {
      const position = Number(label.replace('Word ', ''));
      await provider.getByLabel(label, { exact: true }).fill(words[position - 1] ?? '');
    }
    await checkPage(provider, 'sign-in-confirm');
    await provider.getByRole('button', { name: 'Confirm' }).click();
    await provider.getByLabel('Passphrase (at least 8 characters)').fill(PASSPHRASE);
    await provider.getByLabel('Repeat the passphrase').fill(PASSPHRASE);
    await provider.getByRole('button', { name: 'Sign in' }).click();
    await provider.getByLabel('Username').fill('dash-provider');
    await checkPage(provider, 'sign-in-register');
    await provider.getByRole('button', { name: 'Create account' }).click();
    await provider.getByText('@dash-provider').waitFor();

    await provider.getByRole('link', { name: 'Provider' }).click();
    await checkPage(provider, 'provider-start');
    await provider.getByLabel('Legal name').fill('Dashboard Test Hosting GmbH');
    await provider.getByLabel('Display name').fill('Dashboard Hosting');
    await provider.getByLabel('Support email').fill('support@example.com');
    await provider.getByRole('button', { name: 'Save profile' }).click();
    await provider.getByRole('button', { name: 'Create pool' }).click();
    await provider.getByRole('button', { name: 'Create a setup token' }).click();
    const commands = await provider.getByTestId('agent-commands').textContent();
    expect(commands).toContain(
      `dc-agent init --non-interactive --api-url ${sandbox.url} --region europe`,
    );
    expect(commands).toMatch(/dc-agent register --token dcs_[A-Za-z0-9_-]{43}/);
    expect(commands).toContain('dc-agent run');
    // The printed init and register lines, run as a provider would, register an agent...
    const agentDir = mkdtempSync(join(tmpdir(), 'dc-onboarded-agent-'));
    try {
      let registered = '';
      for (const line of (commands ?? '').split('\n').slice(0, 2)) {
        const [command, ...args] = line.split(' ');
        expect(command).toBe('dc-agent');
        ({ stdout: registered } = await execFileAsync(process.execPath, [AGENT_CLI, ...args], {
          cwd: agentDir,
        }));
      }
      // Not a terminal, so JSON lines; the last says which key was registered.
      const agentKey = String(
        JSON.parse(registered.trim().split('\n').at(-1) ?? '{}').agent_pubkey,
      );
      expect(agentKey).toMatch(/^[0-9a-f]{64}$/);
      // ...that the Agents page lists, and revokes after asking.
      await provider.getByRole('link', { name: 'Agents' }).click();
      const row = provider.getByTestId(`agent-${agentKey}`);
      await row.getByRole('cell', { name: 'registered, not run yet' }).waitFor();
      await row.getByRole('button', { name: /^Revoke…/ }).click();
      await checkPage(provider, 'provider-agent-revoke');
      await row.getByRole('button', { name: 'Revoke for good' }).click();
      await row.getByRole('cell', { name: /^revoked / }).waitFor();
      expect(await row.getByRole('button').count()).toBe(0);
    } finally {
      rmSync(agentDir, { recursive: true, force: true });
    }
    await provider.getByRole('link', { name: 'Overview' }).click();
    await provider.getByRole('button', { name: 'Publish offering' }).click();
    await provider.getByText(/Small VPS \((listed|not listed yet)\)/).waitFor();
    await checkPage(provider, 'provider');

    await provider.getByLabel('Or paste it').fill('slug,name\nbad slug!,Broken row');
    await provider.getByRole('button', { name: 'Preview' }).click();
    await provider.getByText(/^Preview: /).waitFor();
    await provider.getByRole('cell', { name: 'error', exact: true }).first().waitFor();
    expect(await provider.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(
      true,
    );
    await checkPage(provider, 'provider-csv-preview');
    await context.close();
  });
});

describe('admin', () => {
  it('signs in the sandbox admin for this visit only and shows the refund approvals', async () => {
    const { context, page: admin } = await platform.newPage();
    await signInForVisit(admin, sandbox.url, sandbox.admin);
    await admin.getByRole('link', { name: 'Admin' }).click();
    await admin.getByRole('heading', { name: 'Refunds awaiting approval' }).waitFor();
    await admin
      .getByText(/No refund is waiting|Approve/)
      .first()
      .waitFor();
    expect(
      (await admin.evaluate(() => localStorage.getItem('dc.accounts.v1'))) ?? '',
    ).not.toContain(sandbox.admin.publicKeyHex);
    await checkPage(admin, 'admin');
    await context.close();
  });
});
