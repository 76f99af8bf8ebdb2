import { type BillingSettingsInput, putBillingSettings } from '@dc/client';
import type { z } from 'zod';
import { type ContractWorld, contractWorld } from '../contracts/_http';
import type { TestAccount } from '../offerings/_support';
import type { Engine } from '../support/server';
import { FakeVies } from './fake-vies';

/** The seller every invoice test configures (a German company). */
export const SELLER_ENV = {
  DC_SELLER_NAME: 'Decent Cloud GmbH',
  DC_SELLER_ADDRESS: 'Hauptstrasse 1|10115 Berlin',
  DC_SELLER_COUNTRY: 'DE',
  DC_SELLER_VAT_ID: 'DE811907980',
  DC_SELLER_REGISTRATION: 'HRB 123456 B, Amtsgericht Charlottenburg',
  DC_SELLER_BANK: 'IBAN DE89370400440532013000, BIC COBADEFFXXX',
} as const;

/** A contract world with the seller configured and a fake VIES. */
export interface InvoiceWorld extends ContractWorld {
  readonly vies: FakeVies;
}

/** Starts a fake VIES and a server with {@link SELLER_ENV} pointed at it. */
export async function invoiceWorld(
  options: { readonly engine?: Engine; readonly env?: Record<string, string> } = {},
): Promise<InvoiceWorld> {
  const vies = new FakeVies();
  await vies.start();
  const world = await contractWorld(
    { ...SELLER_ENV, DC_VIES_URL: vies.url, ...options.env },
    options.engine === undefined ? {} : { engine: options.engine },
  );
  return {
    ...world,
    vies,
    async stop() {
      await world.stop();
      await vies.stop();
    },
  };
}

type Settings = z.input<typeof BillingSettingsInput>;

/** Billing settings of a consumer in `country` (a postal code that fits it). */
export function consumerIn(country: string, overrides: Partial<Settings> = {}): Settings {
  const postal: Record<string, string> = { DE: '10115', FR: '75001', US: '94103', AT: '1010' };
  return {
    buyer_kind: 'individual',
    name: `Jane Buyer ${country}`,
    address_line1: '12 Example Street',
    postal_code: postal[country] ?? null,
    city: 'Sample City',
    country,
    ...overrides,
  };
}

/** Saves `settings` for `account`. */
export async function bill(account: TestAccount, settings: Settings): Promise<void> {
  await putBillingSettings(account.client, { body: settings });
}

/** The renter's EUR offering terms used by the invoice tests: EUR 10.00 a month, 2.50 setup. */
export const EUR_OFFERING = { currency: 'EUR', price_per_month: 1000, setup_fee: 250 } as const;
