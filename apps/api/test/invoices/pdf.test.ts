import { acceptContract, getInvoicePdf, issueContractInvoices, rejectContract } from '@dc/client';
import { REVERSE_CHARGE_NOTE } from '@dc/pricing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver, rent, usdOffering } from '../contracts/_http';
import { problemOf, type TestAccount } from '../offerings/_support';
import {
  bill,
  consumerIn,
  EUR_OFFERING,
  type InvoiceWorld,
  invoiceWorld,
  SELLER_ENV,
} from './_world';
import { pdfText } from './pdf-text';

let world: InvoiceWorld;
let provider: TestAccount;
beforeAll(async () => {
  world = await invoiceWorld();
  provider = await world.provider();
});
afterAll(() => world?.stop());

describe('invoice PDF', () => {
  it('carries every field billing.md §5 requires (reverse-charge sale, delivered contract)', async () => {
    world.vies.register('FR', '40303265045', true);
    const renter = await world.account();
    await bill(
      renter,
      consumerIn('FR', {
        buyer_kind: 'business',
        name: 'ACME SARL',
        address_line1: '1 Rue de Test',
        address_line2: 'Batiment B',
        city: 'Paris',
        vat_id: 'FR40303265045',
      }),
    );
    await world.fund(renter, 5000, 'EUR');
    const offering = await usdOffering(provider, { ...EUR_OFFERING, name: 'Cloud VPS L' });
    const contract = await rent(renter, offering, 720);
    await acceptContract(provider.client, { id: contract.id });
    await deliver(world, contract.id);
    const [invoice] = (await issueContractInvoices(renter.client, { id: contract.id })).issued;
    if (invoice === undefined) throw new Error('no invoice issued');

    const pdf = await getInvoicePdf(renter.client, { id: invoice.id });
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-');
    const text = await pdfText(pdf);
    const today = world.clock.now().toISOString().slice(0, 10);
    const periodEnd = new Date(world.clock.now().getTime() + 720 * 3_600_000)
      .toISOString()
      .slice(0, 10);
    for (const field of [
      `Invoice ${invoice.number}`,
      // Seller: the legal entity from configuration.
      SELLER_ENV.DC_SELLER_NAME,
      'Hauptstrasse 1',
      '10115 Berlin',
      `VAT ID: ${SELLER_ENV.DC_SELLER_VAT_ID}`,
      `Registration: ${SELLER_ENV.DC_SELLER_REGISTRATION}`,
      `Bank: ${SELLER_ENV.DC_SELLER_BANK}`,
      // Buyer: the billing settings.
      'ACME SARL',
      '1 Rue de Test',
      'Batiment B',
      '75001 Paris',
      'Country: FR',
      'VAT ID: FR40303265045',
      'VAT ID checked in VIES on',
      // Dates.
      `Issue date: ${today}`,
      `Supply date: ${today}`,
      // Lines: offering, hours, period, net, VAT rate and amount.
      'Cloud VPS L, 720 h',
      'Hours: 720',
      `Period: ${today} to ${periodEnd}`,
      '10.00 EUR',
      'Cloud VPS L, one-off setup fee',
      '2.50 EUR',
      '0 %',
      '0.00 EUR',
      // Totals and currency.
      'Currency: EUR',
      'Net total: 12.50 EUR',
      'VAT total (0 %): 0.00 EUR',
      'Total: 12.50 EUR',
      // The reverse-charge note and the payment reference.
      REVERSE_CHARGE_NOTE,
      `Payment reference: ${invoice.payment_reference}`,
    ]) {
      expect(text, `the PDF text lacks "${field}"`).toContain(field);
    }
  });

  it('is rendered from the stored row: the same document every time', async () => {
    const renter = await world.account();
    await bill(renter, consumerIn('DE'));
    await world.fund(renter, 5000, 'EUR');
    const contract = await rent(renter, await usdOffering(provider, EUR_OFFERING), 24);
    const [invoice] = (await issueContractInvoices(renter.client, { id: contract.id })).issued;
    const id = invoice?.id ?? '';
    const first = await getInvoicePdf(renter.client, { id });
    world.clock.advance(48);
    const later = await getInvoicePdf(provider.client, { id });
    expect(Buffer.from(later).equals(Buffer.from(first))).toBe(true);
    const text = await pdfText(first);
    // 24 h is 0.33 (VAT 0.06) and the fee 2.50 (VAT 0.475, half up 0.48).
    expect(text).toContain('VAT total (19 %): 0.54 EUR');
  });

  it('a credit note PDF names the invoice it corrects and negative amounts', async () => {
    const renter = await world.account();
    await bill(renter, consumerIn('US'));
    await world.fund(renter, 5000, 'EUR');
    const contract = await rent(renter, await usdOffering(provider, EUR_OFFERING), 720);
    await rejectContract(provider.client, { id: contract.id, body: { reason: 'no capacity' } });
    const { items } = await issueContractInvoices(renter.client, { id: contract.id });
    const [invoice, note] = items;
    const text = await pdfText(await getInvoicePdf(renter.client, { id: note?.id ?? '' }));
    expect(text).toContain(`Credit note ${note?.number}`);
    expect(text).toContain(`Corrects invoice: ${invoice?.number}`);
    expect(text).toContain('Total: -12.50 EUR');
    expect(text).toContain('Outside the scope of EU VAT');
  });

  it('is 404 for anyone but the parties', async () => {
    const renter = await world.account();
    await bill(renter, consumerIn('DE'));
    await world.fund(renter, 5000, 'EUR');
    const contract = await rent(renter, await usdOffering(provider, EUR_OFFERING), 24);
    const [invoice] = (await issueContractInvoices(renter.client, { id: contract.id })).issued;
    const stranger = await world.account();
    const problem = await problemOf(getInvoicePdf(stranger.client, { id: invoice?.id ?? '' }));
    expect([problem.status, problem.code]).toEqual([404, 'not_found']);
  });
});
