// The admin and account areas of the dashboard in a real browser against the local platform
// (startSandbox, with a Telegram Bot API fake as its bot). The admin pays the sandbox provider
// for a rental the renter made through the API, finds the renter and credits its wallet; the
// renter walks its account sections and links a Telegram chat.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Client,
  cancelContract,
  createClient,
  getContract,
  getMe,
  keyAuth,
  listNotifications,
  listPayableBalances,
  type PayableBalance,
  rentContract,
  searchOfferings,
  tokenAuth,
} from '@dc/client';
import { generateSeedPhrase, identityFromSeedPhrase } from '@dc/crypto';
import { generateSshPublicKey } from '@dc/provisioners/testing';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegram } from '../../../api/test/notifications/_fake-telegram';
import type { RunningSandbox } from '../../../sandbox/src/index';
import { checkPage } from './support/checks';
import { type BrowserPlatform, signInForVisit, startBrowserPlatform } from './support/platform';

const MINUTE = 60_000;

const telegram = new FakeTelegram();
let platform: BrowserPlatform;
let sandbox: RunningSandbox;
let renterApi: Client;
let adminApi: Client;
/** What the provider can be paid after the renter's rental ended; null if nothing. */
let payable: PayableBalance | null = null;

const apiClient = (phrase: string) =>
  createClient({
    baseUrl: sandbox.url,
    auth: keyAuth(identityFromSeedPhrase(phrase).secretKey),
    retries: 0,
  });

/** Polls `probe` every half second until it returns a value, for at most `ms`. */
async function eventually<T>(probe: () => Promise<T | null>, ms: number): Promise<T | null> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== null || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The 6-digit code of the newest email the sandbox's API wrote to `to` (its .eml outbox). */
function emailedCode(to: string): string | null {
  const files = readdirSync(sandbox.dataDir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.eml'))
    .map((name) => readFileSync(join(sandbox.dataDir, name), 'utf8'))
    .filter((eml) => eml.split('\r\n').includes(`To: ${to}`));
  const match = /^\s+([0-9]{6})\s*$/m.exec(files.at(-1) ?? '');
  return match?.[1] ?? null;
}

/** A rental the renter makes and ends through the API: notifications and provider earnings. */
async function rentAndEnd(): Promise<void> {
  const offerings = await searchOfferings(renterApi, { q: '', limit: 20 });
  const offering = offerings.items.find((o) => o.currency === 'EUR') ?? offerings.items[0];
  if (!offering) throw new Error('the sandbox lists no offering');
  const contract = await rentContract(renterApi, {
    body: {
      offering_id: offering.id,
      hours: 24,
      ssh_public_keys: [generateSshPublicKey('renter@admin-account')],
      os_image: offering.os_images[0] ?? 'ubuntu-24.04',
      payment_rail: 'wallet',
      idempotency_key: crypto.randomUUID(),
    },
  });
  await eventually(async () => {
    const now = await getContract(renterApi, { id: contract.id });
    return now.status === 'provisioned' || now.status === 'active' ? now : null;
  }, 2 * MINUTE);
  await cancelContract(renterApi, { id: contract.id, body: {} });
}

beforeAll(async () => {
  await telegram.start();
  platform = await startBrowserPlatform({
    telegram: {
      botToken: telegram.token,
      apiUrl: telegram.env()['DC_TELEGRAM_API_URL'] ?? '',
      pollTimeoutS: 1,
    },
  });
  ({ sandbox } = platform);
  renterApi = apiClient(sandbox.renter.seedPhrase);
  adminApi = apiClient(sandbox.admin.seedPhrase);
  await rentAndEnd();
  // Earnings accrue when a contract ends; the provider's share becomes payable.
  payable = await eventually(async () => {
    const page = await listPayableBalances(adminApi, { limit: 100 });
    return page.items.find((b) => b.payable > 0) ?? null;
  }, MINUTE);
}, 6 * MINUTE);

afterAll(async () => {
  await platform?.stop();
  await telegram.stop();
});

describe('the admin area', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    ({ context, page } = await platform.newPage());
    await signInForVisit(page, sandbox.url, sandbox.admin);
  }, MINUTE);
  afterAll(() => context?.close());

  const section = (name: string) =>
    page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name });

  it('opens on the refunds, with the sections in their own navigation', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Admin' })
      .click();
    await page.getByRole('heading', { name: 'Refunds awaiting approval' }).waitFor();
    expect(await section('Refunds').getAttribute('aria-current')).toBe('page');
    await checkPage(page, 'admin-refunds');
  });

  it('pays the provider: a batch goes draft, approved, sent, confirmed with its reference', {
    timeout: 2 * MINUTE,
  }, async () => {
    await section('Payouts').click();
    await page.getByRole('heading', { name: 'Payable balances' }).waitFor();
    if (payable === null) {
      // No earnings in this run: the page says so rather than showing a table of zeros.
      await page.getByText('there is nothing to pay out').waitFor();
      await checkPage(page, 'admin-payouts-empty');
      return;
    }
    const provider = payable.provider;
    await page
      .getByRole('rowheader', { name: `@${provider}` })
      .first()
      .waitFor();
    await checkPage(page, 'admin-payouts');
    await page
      .getByRole('button', { name: `Create a batch for @${provider} in ${payable.currency}` })
      .click();
    await page.waitForURL(/\/admin\/payouts\/[0-9a-f-]{36}$/);
    const status = page.getByTestId('batch-status');
    await status.filter({ hasText: /^draft$/ }).waitFor();
    // Only the moves a draft allows.
    expect(await page.getByRole('button', { name: 'Approve' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Confirm paid' }).count()).toBe(0);
    await checkPage(page, 'admin-payout-draft');

    await page.getByRole('button', { name: 'Approve' }).click();
    await status.filter({ hasText: /^approved$/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Mark as sent' }).click();
    await status.filter({ hasText: /^sent$/ }).waitFor();

    // The reference is required: the error shows at its field.
    await page.getByRole('button', { name: 'Confirm paid' }).click();
    const reference = page.getByLabel('External reference');
    expect(await reference.getAttribute('aria-invalid')).toBe('true');
    await page.locator('#payout-reference-error').waitFor();
    await checkPage(page, 'admin-payout-sent-error');

    await reference.fill('SEPA-2026-0001');
    await page.getByRole('button', { name: 'Confirm paid' }).click();
    await status.filter({ hasText: /^confirmed$/ }).waitFor();
    await page.getByText('SEPA-2026-0001').waitFor();
    await page.getByText('nothing more to do').waitFor();
    await checkPage(page, 'admin-payout-confirmed');

    await page.getByRole('link', { name: 'All payouts' }).click();
    await page.getByRole('heading', { name: 'Payout batches' }).waitFor();
    await page.getByRole('cell', { name: 'confirmed' }).first().waitFor();
    await page.getByLabel('Status').selectOption('draft');
    await page.getByText('No draft payout batch.').waitFor();
  });

  it('lists payment alerts with their filters', async () => {
    await section('Payment alerts').click();
    await page.getByRole('heading', { name: 'Payment alerts' }).waitFor();
    // The sandbox pays from the wallet: most likely no card payment was held, late or disputed.
    const shown = page
      .getByText('No payment alert matches')
      .or(page.locator('ul.grid > li').first());
    await shown.waitFor();
    await page.getByLabel('Only payments still held').check();
    await shown.waitFor();
    await checkPage(page, 'admin-payment-alerts');
  });

  it('finds the renter and credits its wallet with a reason', async () => {
    await section('Accounts').click();
    await page.getByRole('heading', { name: 'Accounts' }).waitFor();
    const renter = sandbox.renter.username;
    await page.getByLabel('Username starts with').fill(renter.slice(0, 4).toUpperCase());
    const wallet = page.getByTestId(`wallet-${renter}`);
    await wallet.waitFor();
    const eur = async () => {
      const match = /([0-9][0-9,]*\.[0-9]{2}) EUR/.exec((await wallet.textContent()) ?? '');
      return Math.round(Number((match?.[1] ?? 'NaN').replaceAll(',', '')) * 100);
    };
    const before = await eur();
    expect(before).toBeGreaterThan(0);
    await checkPage(page, 'admin-accounts');

    await page.getByRole('button', { name: `Adjust the wallet of @${renter}` }).click();
    await page.getByLabel('Amount').fill('12,34');
    await page.getByRole('button', { name: 'Adjust the wallet', exact: true }).click();
    const amount = page.getByLabel('Amount');
    expect(await amount.getAttribute('aria-invalid')).toBe('true');
    await page.locator('#adjust-amount-error').waitFor();
    await page.locator('#adjust-reason-error').waitFor();
    await checkPage(page, 'admin-accounts-adjust-error');

    await amount.fill('12.34');
    await page.getByLabel('Reason').fill('Goodwill credit for a slow start');
    await page.getByRole('button', { name: 'Adjust the wallet', exact: true }).click();
    await page.getByText(/Credited 12\.34 EUR: the balance is now/).waitFor();
    await expect.poll(eur).toBe(before + 1234);
    await checkPage(page, 'admin-accounts-adjusted');
  });
});

describe('the account area', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    ({ context, page } = await platform.newPage());
    await signInForVisit(page, sandbox.url, sandbox.renter);
  }, MINUTE);
  afterAll(() => context?.close());

  const section = (name: string) =>
    page.getByRole('navigation', { name: 'Account sections' }).getByRole('link', { name });

  /** A reload signs out (the key lives in memory only): sign in again, back to `name`. */
  async function reloadAt(name: string): Promise<void> {
    await page.reload();
    await signInForVisit(page, sandbox.url, sandbox.renter);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Account' })
      .click();
    await section(name).click();
  }

  it('shows the profile', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Account' })
      .click();
    await page.getByRole('heading', { name: 'Profile', exact: true }).waitFor();
    await page.getByText(`@${sandbox.renter.username}`).first().waitFor();
    await checkPage(page, 'account-profile');
  });

  it('verifies a new email with the emailed code, a wrong code refused at its field', async () => {
    const email = 'renter@example.com';
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByTestId('email-status').filter({ hasText: 'not verified yet' }).waitFor();
    await page.getByLabel('Code from the email').fill('12');
    await page.getByRole('button', { name: 'Verify' }).click();
    expect(await page.getByLabel('Code from the email').getAttribute('aria-invalid')).toBe('true');
    await page.locator('#verify-code-error').waitFor();
    await checkPage(page, 'account-profile-verify-error');
    const code = await eventually(async () => emailedCode(email), 30_000);
    expect(code).toMatch(/^[0-9]{6}$/);
    await page.getByLabel('Code from the email').fill(code ?? '');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page
      .getByTestId('email-status')
      .filter({ hasText: `${email} (verified)` })
      .waitFor();
  });

  it("adds another device's key from its phrase, then revokes it", async () => {
    await section('Keys').click();
    await page.getByText('(this device)').waitFor();
    await page.getByText(/make the proof here/).click();
    await page.getByLabel('The other device’s seed phrase').fill(generateSeedPhrase());
    await page.getByRole('button', { name: 'Fill in its key and proof' }).click();
    const publicKey = await page.getByLabel('Public key').inputValue();
    expect(publicKey).toMatch(/^[0-9a-f]{64}$/);
    await page.getByLabel('Label (optional)').fill('laptop');
    await page.getByRole('button', { name: 'Add the key' }).click();
    await page.getByText('Key added').waitFor();
    await page.getByRole('cell', { name: 'laptop' }).waitFor();
    await checkPage(page, 'account-keys');
    await page.getByRole('button', { name: `Revoke key ${publicKey.slice(0, 16)}` }).click();
    await page.getByText(/^revoked /).waitFor();
  });

  it('creates an API token shown once, which works, then revokes it', async () => {
    await section('API tokens').click();
    await page.getByText('No API token yet.').waitFor();
    await page.getByLabel('Name').fill('backup script');
    await page.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByTestId('new-token');
    await shown.waitFor();
    await page.getByText('It will not be shown again.').waitFor();
    const token = (await shown.textContent()) ?? '';
    const viaToken = createClient({ baseUrl: sandbox.url, auth: tokenAuth(token), retries: 0 });
    expect((await getMe(viaToken, {})).username).toBe(sandbox.renter.username);
    await page.getByRole('button', { name: 'Copy the token' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await page.getByRole('rowheader', { name: 'backup script' }).waitFor();
    await checkPage(page, 'account-token-created');

    await page.getByRole('button', { name: 'Revoke token backup script' }).click();
    await page.getByText(/^revoked /).waitFor();
    await expect(getMe(viaToken, {})).rejects.toMatchObject({ status: 401 });
    await reloadAt('API tokens');
    await page.getByRole('rowheader', { name: 'backup script' }).waitFor();
    expect(await page.getByText(token).count()).toBe(0);
  });

  it('refuses a VAT number of the wrong shape at its field', async () => {
    await section('Billing').click();
    await page.getByRole('heading', { name: 'Invoice details' }).waitFor();
    await page.getByLabel('You buy as').selectOption('business');
    await page.getByLabel('Legal name').fill('Renter Test GmbH');
    await page.getByLabel('Address', { exact: true }).fill('Hauptstraße 1');
    await page.getByLabel('Postal code').fill('10115');
    await page.getByLabel('City').fill('Berlin');
    await page.getByLabel('Country').selectOption('DE');
    await page.getByLabel('VAT number (optional)').fill('DE 123');
    await page.getByRole('button', { name: 'Save billing details' }).click();
    const vat = page.getByLabel('VAT number (optional)');
    expect(await vat.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#billing-vat_id-error').textContent()).toContain(
      'is not a DE VAT number',
    );
    await checkPage(page, 'account-billing-error');
  });

  it('keeps a changed notification preference after a reload', async () => {
    await section('Notification settings').click();
    const box = page.getByRole('checkbox', { name: 'Inbox for term ending' });
    await box.waitFor();
    const was = await box.isChecked();
    // The box shows what the API saved: it flips once the answer is back.
    await box.click();
    await expect.poll(() => box.isChecked()).toBe(!was);
    await reloadAt('Notification settings');
    await page.getByRole('checkbox', { name: 'Inbox for term ending' }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Inbox for term ending' }).isChecked()).toBe(
      !was,
    );
    await page.getByRole('heading', { name: 'Daily quotas' }).waitFor();
    await checkPage(page, 'account-notification-settings');
  });

  it('creates a webhook showing its secret once, rotates it and deletes it', async () => {
    // A loopback address passes the form's URL check; the API refuses it, at the field.
    await page.getByLabel('Endpoint URL').fill('https://127.0.0.1/hook');
    await page.getByRole('button', { name: 'Create the webhook' }).click();
    await page.locator('#webhook-url-error').waitFor();
    expect(await page.getByLabel('Endpoint URL').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Endpoint URL').fill('https://hooks.example.com/decent-cloud');
    await page.getByRole('button', { name: 'Create the webhook' }).click();
    const secret = page.getByTestId('webhook-secret');
    await secret.waitFor();
    const first = (await secret.textContent()) ?? '';
    expect(first).toMatch(/^whsec_[0-9a-f]{64}$/);
    await page.getByText('It will not be shown again.').waitFor();
    await checkPage(page, 'account-webhook-created');
    await page.getByRole('button', { name: 'Rotate the secret' }).click();
    await expect.poll(() => secret.textContent()).not.toBe(first);
    await page.getByRole('button', { name: 'Delete the webhook' }).click();
    await page.getByRole('button', { name: 'Create the webhook' }).waitFor();
    expect(await secret.count()).toBe(0);
  });

  it('links Telegram: the chat that presses Start is linked and answered, and /stop unlinks it', {
    timeout: 2 * MINUTE,
  }, async () => {
    await page.getByRole('heading', { name: 'Telegram' }).waitFor();
    await page.getByRole('button', { name: 'Link Telegram' }).click();
    const shown = page.getByTestId('telegram-link');
    await shown.waitFor();
    const link = new URL((await shown.textContent()) ?? '');
    expect(`${link.origin}${link.pathname}`).toBe(`https://t.me/${telegram.botUsername}`);
    expect(
      await page
        .getByRole('link', { name: `the link to @${telegram.botUsername} in Telegram` })
        .getAttribute('href'),
    ).toBe(link.href);
    await checkPage(page, 'account-telegram-link');

    // The person opens the link and presses Start: Telegram sends the bot /start <token>.
    const chat = 7_700_001;
    telegram.userSends({ chatId: chat, text: `/start ${link.searchParams.get('start')}` });
    // The page looks for the linked chat every 3 s while the link is out.
    await page.getByText('Telegram is linked.', { exact: false }).waitFor({ timeout: MINUTE });
    await page.getByText(String(chat), { exact: true }).waitFor();
    // The answer leaves the bot's outbox after the link commits: the page may see it first.
    await eventually(async () => (telegram.to(String(chat)).length > 0 ? true : null), MINUTE);
    expect(telegram.to(String(chat)).map((message) => message.text)).toEqual([
      expect.stringMatching(
        new RegExp(`^Linked to @${sandbox.renter.username} on Decent Cloud\\.`),
      ),
    ]);
    await checkPage(page, 'account-telegram-linked');

    // /stop from the chat unlinks it; the page, loaded again, offers a new link.
    telegram.userSends({ chatId: chat, text: '/stop' });
    const stopped = await eventually(
      async () => telegram.to(String(chat))[1]?.text ?? null,
      MINUTE,
    );
    expect(stopped).toMatch(new RegExp(`^Unlinked from @${sandbox.renter.username}\\.`));
    await reloadAt('Notification settings');
    await page.getByRole('button', { name: 'Link Telegram' }).waitFor();
    expect(await page.getByText(String(chat), { exact: true }).count()).toBe(0);
  });

  it('buys a tier of extra quota from the wallet', async () => {
    const buy = page.getByRole('button', { name: /^Buy for .* EUR/ }).first();
    await buy.click();
    await page.getByText(/^Bought tier /).waitFor();
    await page
      .getByText(/^Tier .* until /)
      .first()
      .waitFor();
    await checkPage(page, 'account-quotas-bought');
  });

  it("shows the rental's notifications in the inbox and marks them read", async () => {
    // The rental of beforeAll notified the renter (requested, provisioned, ended...).
    const unread = await eventually(async () => {
      const inbox = await listNotifications(renterApi, { limit: 1 });
      return inbox.unread_count > 1 ? inbox.unread_count : null;
    }, MINUTE);
    expect(unread).not.toBeNull();
    await section('Inbox').click();
    await page
      .getByTestId('unread-count')
      .filter({ hasText: `${unread} unread` })
      .waitFor();
    await checkPage(page, 'account-inbox');
    await page
      .getByRole('button', { name: /^Mark read/ })
      .first()
      .click();
    await page
      .getByTestId('unread-count')
      .filter({ hasText: `${(unread ?? 0) - 1} unread` })
      .waitFor();
    await page.getByRole('button', { name: 'Mark all read' }).click();
    await page
      .getByTestId('unread-count')
      .filter({ hasText: /^0 unread$/ })
      .waitFor();
    expect(await page.getByRole('button', { name: /^Mark read/ }).count()).toBe(0);
    await checkPage(page, 'account-inbox-read');
  });
});
