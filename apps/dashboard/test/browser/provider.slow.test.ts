// The provider area in a real browser against the whole local platform (startSandbox): the
// sandbox provider walks every section, edits, duplicates, deletes and exports offerings, sees
// a field error where the API puts it, delivers a `manual` contract by hand with the secret
// sealed in the browser (the renter opens it on the contract page), and reads the charts.
import { readFileSync } from 'node:fs';
import {
  type Client,
  cancelContract,
  createClient,
  createOffering,
  getProviderUptimeSeries,
  keyAuth,
  listMyEarnings,
  listMyOfferings,
  OFFERING_CSV_COLUMNS,
  type Offering,
  parseOfferingsCsv,
  postContractMessage,
  rentContract,
} from '@dc/client';
import { identityFromSeedPhrase } from '@dc/crypto';
import { generateSshPublicKey } from '@dc/provisioners/testing';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../sandbox/src/index';
import { checkPage } from './support/checks';
import { type BrowserPlatform, signInForVisit, startBrowserPlatform } from './support/platform';

const MINUTE = 60_000;
const SECRET = 'correct-horse-battery-staple-42';

let platform: BrowserPlatform;
let sandbox: RunningSandbox;
let context: BrowserContext;
let page: Page;
let provider: Client;
let renter: Client;
let manualContractId = '';

const clientFor = (seedPhrase: string) =>
  createClient({
    baseUrl: sandbox.url,
    auth: keyAuth(identityFromSeedPhrase(seedPhrase).secretKey),
  });

const rent = (offering: Offering, label: string) =>
  rentContract(renter, {
    body: {
      offering_id: offering.id,
      hours: 24,
      ssh_public_keys: [generateSshPublicKey(`renter@${label}`)],
      os_image: offering.os_images[0] ?? 'debian-12',
      payment_rail: 'wallet',
      idempotency_key: crypto.randomUUID(),
    },
  });

/** The card of the offering named `name` on the Offerings page. */
const card = (name: string) =>
  page.getByRole('listitem').filter({ has: page.getByRole('heading', { name, exact: true }) });

beforeAll(async () => {
  platform = await startBrowserPlatform();
  sandbox = platform.sandbox;
  provider = clientFor(sandbox.provider.seedPhrase);
  renter = clientFor(sandbox.renter.seedPhrase);
  // A rental the sandbox's agent builds (auto-accepted) early, so its health checks give the
  // provider measured uptime by the time the Reliability section is read.
  const { items } = await listMyOfferings(provider, { limit: 100 });
  const hetzner = items.find((o) => o.slug === 'sandbox-vps-s');
  if (!hetzner) throw new Error('the sandbox has no sandbox-vps-s offering');
  await rent(hetzner, 'uptime');
  ({ context, page } = await platform.newPage());
  await signInForVisit(page, sandbox.url, sandbox.provider);
}, 5 * MINUTE);

afterAll(async () => {
  await context?.close();
  await platform?.stop();
});

describe('the provider area', () => {
  it('has a sub-navigation from the onboarding overview to every section', async () => {
    await page.getByRole('link', { name: 'Provider', exact: true }).click();
    const nav = page.getByRole('navigation', { name: 'Provider sections' });
    await nav.waitFor();
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Overview',
      'Offerings',
      'Requests',
      'Contracts',
      'Agents',
      'Earnings & payouts',
      'Reliability',
    ]);
    expect(await nav.getByRole('link', { name: 'Overview' }).getAttribute('aria-current')).toBe(
      'page',
    );
    await page.getByRole('list', { name: 'Onboarding checklist' }).waitFor();
    await page.getByText('VPS S (local sandbox) (listed)').waitFor();
    await checkPage(page, 'provider-overview');

    await nav.getByRole('link', { name: 'Agents' }).click();
    await page.getByRole('heading', { name: 'Agents' }).waitFor();
    await page.getByRole('cell', { name: 'online', exact: true }).waitFor();
    await checkPage(page, 'provider-agents');
  });

  it('lists the offerings with their listed state and edits one', async () => {
    await page.getByRole('link', { name: 'Offerings' }).click();
    await page.getByRole('heading', { name: 'Your offerings' }).waitFor();
    const small = card('VPS S (local sandbox)');
    expect(await small.getByTestId('listing-state').textContent()).toBe('listed');
    await checkPage(page, 'provider-offerings');

    await small.getByRole('link', { name: /^Edit/ }).click();
    await page.getByRole('heading', { name: 'Edit VPS S (local sandbox)' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('VPS S edited (local sandbox)');
    await page.getByLabel('Price per month (EUR)').fill('4.95');
    await checkPage(page, 'provider-offering-edit');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.getByRole('link', { name: 'Back to offerings' }).click();
    const edited = card('VPS S edited (local sandbox)');
    await edited.waitFor();
    expect(await edited.textContent()).toContain('4.95 EUR per month');
  });

  it('shows the API refusing a field next to that field', async () => {
    await card('VPS S edited (local sandbox)').getByRole('link', { name: /^Edit/ }).click();
    await page.getByLabel('Minimum hours').fill('48');
    await page.getByLabel('Maximum hours').fill('24');
    await page.getByRole('button', { name: 'Save changes' }).click();
    // Each bound is valid alone (the client sends it); only the API sees they contradict.
    const error = page.locator('#edit-max_hours-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/^Maximum hours: .*min_hours/);
    const input = page.getByLabel('Maximum hours');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(await input.getAttribute('aria-describedby')).toContain('edit-max_hours-error');
    expect(await page.locator('#edit-min_hours-error').count()).toBe(0);
    await checkPage(page, 'provider-offering-error');

    // A field the browser checks itself is marked the same way, before anything is sent.
    await page.getByLabel('Maximum hours').fill('');
    await page.getByLabel('CPU cores').fill('two');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page
      .locator('#edit-cpu_cores-error')
      .getByText(/whole number/)
      .waitFor();
    expect(await page.locator('#edit-max_hours-error').count()).toBe(0);
  });

  it('duplicates an offering as a draft and deletes the copy after confirming', async () => {
    await page.getByRole('link', { name: 'Back to offerings' }).click();
    const medium = card('VPS M (local sandbox)');
    await medium.getByRole('button', { name: /^Duplicate/ }).click();
    expect(await medium.getByLabel(/Slug of the copy/).inputValue()).toBe('sandbox-vps-m-copy');
    await checkPage(page, 'provider-offering-duplicate');
    await medium.getByRole('button', { name: 'Duplicate', exact: true }).click();
    await page.getByText('Copied as a draft').waitFor();
    expect(await page.getByTestId('editor-listing').textContent()).toBe('not listed: draft');
    await checkPage(page, 'provider-offering-copied');
    await page.getByRole('link', { name: 'Back to offerings' }).click();
    const copies = page.getByRole('listitem').filter({ hasText: 'sandbox-vps-m-copy' });
    await copies.waitFor();
    expect(await copies.getByTestId('listing-state').textContent()).toBe('not listed: draft');

    await copies.getByRole('button', { name: /^Delete/ }).click();
    await copies.getByText(/existing contracts keep their copy/).waitFor();
    await checkPage(page, 'provider-offering-delete');
    await copies.getByRole('button', { name: 'Delete for good' }).click();
    await copies.waitFor({ state: 'detached' });
    await card('VPS M (local sandbox)').waitFor();
  });

  it('exports every offering as a CSV download', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('offerings.csv');
    const csv = readFileSync((await file.path()) ?? '', 'utf8');
    expect(csv.split(/\r?\n/, 1)[0]).toBe(OFFERING_CSV_COLUMNS.join(','));
    // Read back with the client's own CSV reader: one good row per live offering.
    const parsed = parseOfferingsCsv(csv);
    expect(parsed.headerErrors).toEqual([]);
    const { items } = await listMyOfferings(provider, { limit: 100 });
    expect(parsed.rows.map((row) => row.slug).sort()).toEqual(items.map((o) => o.slug).sort());
    expect(parsed.rows.flatMap((row) => row.errors)).toEqual([]);
    expect(csv).toContain('VPS S edited (local sandbox)');
  });
});

describe('a manual delivery', () => {
  it('accepts the request, then delivers with the secret sealed in the browser', {
    timeout: 3 * MINUTE,
  }, async () => {
    // The provider sells a server it sets up by hand (no agent builds `manual` offerings).
    const offering = await createOffering(provider, {
      body: {
        slug: 'hand-built-box',
        name: 'Hand-built box (local sandbox)',
        product_type: 'dedicated',
        virtualization: 'bare_metal',
        currency: 'EUR',
        price_per_month: 2_000,
        cpu_cores: 4,
        memory_mib: 8_192,
        disk_gib: 250,
        disk_kind: 'nvme',
        bandwidth_mbps: 1_000,
        country: 'DE',
        provisioner: 'manual',
        os_images: ['debian-12'],
        draft: false,
      },
    });
    const contract = await rent(offering, 'manual');
    manualContractId = contract.id;
    await postContractMessage(renter, {
      id: contract.id,
      body: { text: 'Hello, when will my box be ready?' },
    });

    await page.getByRole('link', { name: 'Requests' }).click();
    const request = page
      .getByRole('listitem')
      .filter({ hasText: `Hand-built box (local sandbox) for @${sandbox.renter.username}` });
    await request.waitFor();
    await checkPage(page, 'provider-requests');
    await request.getByRole('button', { name: 'Accept' }).click();
    await request.waitFor({ state: 'detached' });

    await page.getByRole('link', { name: 'Contracts' }).click();
    const row = page.getByTestId(`provider-contract-${contract.id}`);
    await row.getByText('accepted', { exact: true }).waitFor();
    await row.getByText(/^\d+ unread$/).waitFor();
    await checkPage(page, 'provider-contracts');
    await row.getByRole('link', { name: /^Deliver/ }).click();
    await page.getByRole('heading', { name: 'Deliver a server by hand' }).waitFor();
    await checkPage(page, 'provider-deliver');

    // A bad address is marked at its field before anything is sent.
    await page.getByLabel('Your reference for the server').fill('rack-3-slot-7');
    await page.getByLabel('IPv4 address').fill('203.0.113.300');
    await page.getByRole('button', { name: 'Seal and deliver' }).click();
    await page.locator('#m-ipv4-error').waitFor();
    expect(await page.getByLabel('IPv4 address').getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'provider-deliver-error');

    // Every request body the page sends from now on, read as the page's fetch sends it.
    await page.evaluate(() => {
      const sent: string[] = [];
      const original = window.fetch.bind(window);
      Object.assign(window, { sentBodies: sent });
      window.fetch = async (input, init) => {
        const request = new Request(input, init);
        sent.push(`${request.method} ${request.url} ${await request.clone().text()}`);
        return original(request);
      };
    });
    await page.getByLabel('IPv4 address').fill('203.0.113.30');
    await page.getByLabel('Username', { exact: true }).fill('admin');
    await page.getByLabel('Password or other secret').fill(SECRET);
    await page.getByRole('button', { name: 'Seal and deliver' }).click();
    await page
      .getByText(
        /^Delivered: the contract is (provisioned|active)\. The secret was sealed to the renter's 1 key/,
      )
      .waitFor();
    await checkPage(page, 'provider-delivered');
    const sent = await page.evaluate(
      () => (window as unknown as { sentBodies: string[] }).sentBodies,
    );
    const completion = sent.find(
      (line) => line.startsWith('POST') && line.includes('/manual-completion'),
    );
    expect(completion).toContain('"ciphertext"');
    expect(completion).toContain('"ssh_user":"admin"');
    expect(sent.join('\n')).not.toContain(SECRET);
  });

  it('lets the renter open the credential on the contract page', async () => {
    const renterPage = await platform.newPage();
    try {
      await signInForVisit(renterPage.page, sandbox.url, sandbox.renter);
      // The key lives in this page's memory only: move by links, never by a reload.
      await renterPage.page.getByRole('link', { name: 'Rentals' }).click();
      await renterPage.page.locator(`#contract-${manualContractId}`).getByRole('link').click();
      await renterPage.page.getByRole('button', { name: 'Open root_password' }).click();
      expect(await renterPage.page.getByTestId('credential-secret').textContent()).toBe(SECRET);
    } finally {
      await renterPage.context.close();
    }
  });
});

describe('charts', () => {
  it('charts the earnings per day with the ledger as the table', {
    timeout: 3 * MINUTE,
  }, async () => {
    // Ending the contract settles it: the next accrual round (every minute) books the earning.
    await cancelContract(renter, { id: manualContractId, body: {} });
    while ((await listMyEarnings(provider, { limit: 1 })).items.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
    await page.getByRole('link', { name: 'Earnings & payouts' }).click();
    await page.getByRole('heading', { name: 'Earnings per day' }).waitFor();
    await page.locator('.chart canvas').first().waitFor();
    expect(await page.getByTestId('earnings-table').locator('tbody tr').count()).toBeGreaterThan(0);
    await page.getByTestId('earned-EUR').waitFor();
    await page.getByText(/No payout yet/).waitFor();
    await checkPage(page, 'provider-earnings');
    // The chart redraws with the dark theme's colors; the page stays readable (axe contrast).
    await page.getByRole('button', { name: 'Theme: system' }).click();
    await page.getByRole('button', { name: 'Theme: dark' }).waitFor();
    await page.locator('.chart canvas').first().waitFor();
    await checkPage(page, 'provider-earnings-dark');
    await page.getByRole('button', { name: 'Theme: dark' }).click();
    await page.getByRole('button', { name: 'Theme: light' }).click();
    await page.getByRole('button', { name: 'Theme: system' }).waitFor();
  });

  it('shows the record and charts the daily uptime once the platform measured it', {
    timeout: 8 * MINUTE,
  }, async () => {
    // The trust job runs every 5 minutes: wait for the run that saw the agent's checks.
    const username = sandbox.provider.username;
    for (;;) {
      const series = await getProviderUptimeSeries(provider, { username, days: 30 });
      if (series.days.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
    await page.getByRole('link', { name: 'Reliability' }).click();
    await page.getByRole('heading', { name: 'Your record' }).waitFor();
    await page.getByTestId('trust-score').waitFor();
    expect(await page.getByTestId('trust-score').textContent()).toBe('none yet');
    // No score below 5 delivered contracts: the record says why instead.
    await page
      .getByText(/at least/)
      .first()
      .waitFor();
    await page.getByTestId('uptime-24h').first().waitFor();
    const daily = page.getByRole('region', { name: 'Uptime', exact: true });
    await daily.locator('.chart canvas').waitFor();
    expect(await daily.getByTestId('uptime-table').locator('tbody tr').count()).toBeGreaterThan(0);
    await page.getByText('Promised reply to messages: within 4 h').waitFor();
    await checkPage(page, 'provider-reliability');
  });
});
