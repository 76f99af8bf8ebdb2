// The rent quote: the price `POST /v1/contracts` would charge, with VAT and the wallet check,
// computed by the same function and refused for the same reasons.

import { getWallet, listContracts, quoteRental } from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bill, consumerIn, type InvoiceWorld, invoiceWorld } from '../invoices/_world';
import { problemOf, type TestAccount } from '../offerings/_support';
import { eurOffering, ledgerAmounts } from '../vat/_vat';
import { rent, usdOffering } from './_http';

// The seller is a German company (invoices/_world.ts SELLER_ENV).
let world: InvoiceWorld;
let provider: TestAccount;
beforeAll(async () => {
  world = await invoiceWorld();
  provider = await world.provider();
});
afterAll(() => world?.stop());

const quote = (renter: TestAccount, offeringId: string, hours: number, osImage = 'debian-12') =>
  quoteRental(renter.client, { body: { offering_id: offeringId, hours, os_image: osImage } });

describe('rent quote', () => {
  it('shows exactly what the rental then debits, VAT and setup fee included, and changes nothing', async () => {
    const renter = await world.account();
    await bill(renter, consumerIn('DE'));
    await world.fund(renter, 5000, 'EUR');
    const offering = await eurOffering(provider, 1000, 250);

    const quoted = await quote(renter, offering.id, 720, offering.os_images[0]);
    // EUR 10.00 for 720 h and 2.50 setup, 19 % VAT on each line: 1.90 + 0.48.
    expect(quoted).toMatchObject({
      currency: 'EUR',
      charge: 1000,
      setup_fee: 250,
      net: 1250,
      vat: 238,
      total: 1488,
      vat_kind: 'domestic',
      vat_rate_bps: 1900,
      vat_note: null,
      wallet_balance: 5000,
      wallet_covers: true,
    });
    expect((await getWallet(renter.client, {})).balances[0]?.balance).toBe(5000);
    expect((await listContracts(renter.client, { limit: 10 })).items).toEqual([]);

    const contract = await rent(renter, offering, 720);
    expect(contract).toMatchObject({ paid: quoted.net, vat_paid: quoted.vat });
    expect(await ledgerAmounts(renter, 'rental_debit', contract.id)).toEqual([-quoted.total]);
  });

  it('says when the wallet does not cover the total', async () => {
    const renter = await world.account();
    await bill(renter, consumerIn('DE'));
    await world.fund(renter, 1487, 'EUR');
    const offering = await eurOffering(provider, 1000, 250);
    expect(await quote(renter, offering.id, 720, offering.os_images[0])).toMatchObject({
      total: 1488,
      wallet_balance: 1487,
      wallet_covers: false,
    });
  });

  it('is refused like the rental: billing settings first, hours and image on their fields', async () => {
    const renter = await world.account();
    const offering = await usdOffering(provider, { currency: 'EUR', min_hours: 24 });
    const image = offering.os_images[0] ?? 'debian-12';
    const noSettings = await problemOf(quote(renter, offering.id, 720, image));
    expect(noSettings).toMatchObject({ status: 409, code: 'billing_settings_required' });

    await bill(renter, consumerIn('DE'));
    const tooShort = await problemOf(quote(renter, offering.id, 12, image));
    expect(tooShort.status).toBe(422);
    expect(tooShort.paths).toEqual(['body.hours']);
    const badImage = await problemOf(quote(renter, offering.id, 720, 'windows-95'));
    expect(badImage.status).toBe(422);
    expect(badImage.paths).toEqual(['body.os_image']);
  });
});
