import {
  acceptContract,
  cancelContract,
  extendContract,
  getContract,
  getWallet,
  type Invoice,
  issueContractInvoices,
  listContracts,
  previewContractRefund,
  rejectContract,
} from '@dc/client';
import { OUTSIDE_EU_NOTE, REVERSE_CHARGE_NOTE } from '@dc/pricing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { deliver, key, rent } from '../contracts/_http';
import { bill, consumerIn, type InvoiceWorld, invoiceWorld } from '../invoices/_world';
import { problemOf, type TestAccount } from '../offerings/_support';
import { eurOffering, ledgerAmounts, receiptTexts } from './_vat';

type Doc = z.output<typeof Invoice>;

// The seller is a German company (invoices/_world.ts SELLER_ENV).
let world: InvoiceWorld;
let provider: TestAccount;
beforeAll(async () => {
  world = await invoiceWorld();
  provider = await world.provider();
});
afterAll(() => world?.stop());

/** A renter with `settings` and EUR 50.00 in the wallet. */
async function renterWith(settings: Parameters<typeof bill>[1]): Promise<TestAccount> {
  const renter = await world.account();
  await bill(renter, settings);
  await world.fund(renter, 5000, 'EUR');
  return renter;
}

const issue = async (renter: TestAccount, id: string) =>
  (await issueContractInvoices(renter.client, { id })).items as Doc[];

describe('same-country sale (seller DE, consumer DE, 19 %)', () => {
  it('debits net + VAT; the invoice adds up to the debit; a cancel after 100 h refunds 861 + 164 VAT', async () => {
    const renter = await renterWith(consumerIn('DE'));
    const offering = await eurOffering(provider, 1000);
    const contract = await rent(renter, offering, 720);
    // EUR 10.00 for 720 h, 19 % VAT: 1.90.
    expect(contract).toMatchObject({
      paid: 1000,
      vat_kind: 'domestic',
      vat_rate_bps: 1900,
      vat_paid: 190,
      refunded: 0,
      vat_refunded: 0,
    });
    expect(await ledgerAmounts(renter, 'rental_debit', contract.id)).toEqual([-1190]);
    const [invoice] = await issue(renter, contract.id);
    expect(invoice).toMatchObject({ net: 1000, vat: 190, total: 1190, vat_rate_bps: 1900 });
    const [receipt] = await receiptTexts(world, contract.id);
    expect(receipt).toContain('Amount paid:  11.90 EUR');
    expect(receipt).toContain('Incl. VAT:    1.90 EUR (19 %)');

    await acceptContract(provider.client, { id: contract.id });
    await deliver(world, contract.id);
    world.clock.advance(100);
    // contracts.md §4: floor(1000 * 620 / 720) = 861 net; 19 % of it 163.59, half up 164.
    const preview = await previewContractRefund(renter.client, { id: contract.id });
    expect(preview).toMatchObject({ refund: 861, refund_vat: 164, paid: 1000 });
    const cancelled = await cancelContract(renter.client, { id: contract.id, body: {} });
    expect([cancelled.refund, cancelled.refund_vat]).toEqual([861, 164]);
    expect(cancelled.contract).toMatchObject({ refunded: 861, vat_refunded: 164, vat_paid: 190 });
    expect(await ledgerAmounts(renter, 'refund_credit', contract.id)).toEqual([1025]);
    const balance = (await getWallet(renter.client, {})).balances.find((b) => b.currency === 'EUR');
    expect(balance?.balance).toBe(5000 - 1190 + 1025);

    const docs = await issue(renter, contract.id);
    expect(docs.map((doc) => [doc.kind, doc.net, doc.vat, doc.total])).toEqual([
      ['invoice', 1000, 190, 1190],
      ['credit_note', -861, -164, -1025],
    ]);
  });

  it('a full refund gives back exactly the VAT paid, though VAT on the total would round lower', async () => {
    const renter = await renterWith(consumerIn('DE'));
    // 2.50 for 720 h (VAT 0.475 -> 0.48) and a 0.50 setup fee (VAT 0.095 -> 0.10): VAT 0.58,
    // where 19 % of the 3.00 total would be 0.57.
    const contract = await rent(renter, await eurOffering(provider, 250, 50), 720);
    expect(contract).toMatchObject({ paid: 300, vat_paid: 58 });
    expect(await ledgerAmounts(renter, 'rental_debit', contract.id)).toEqual([-358]);
    const rejected = await rejectContract(provider.client, {
      id: contract.id,
      body: { reason: 'no capacity' },
    });
    expect([rejected.refund, rejected.refund_vat]).toEqual([300, 58]);
    expect(rejected.contract).toMatchObject({ refunded: 300, vat_refunded: 58, vat_paid: 58 });
    expect(await ledgerAmounts(renter, 'refund_credit', contract.id)).toEqual([358]);
    const [invoice, note] = await issue(renter, contract.id);
    expect(invoice?.lines.map((line) => [line.net, line.vat])).toEqual([
      [250, 48],
      [50, 10],
    ]);
    expect(invoice?.total).toBe(358);
    expect(note).toMatchObject({ net: -300, vat: -58, total: -358 });
  });

  it('an extension is taxed under the rent-time treatment even after the renter moved to FR', async () => {
    const renter = await renterWith(consumerIn('DE'));
    const contract = await rent(renter, await eurOffering(provider, 1000), 720);
    await acceptContract(provider.client, { id: contract.id });
    await deliver(world, contract.id);
    await bill(renter, consumerIn('FR'));
    // 72 h of EUR 10.00 a month is 1.00; DE 19 %, not FR 20 %.
    const extended = await extendContract(renter.client, {
      id: contract.id,
      body: { hours: 72, idempotency_key: key('extend') },
    });
    expect(extended).toMatchObject({
      paid: 1100,
      vat_kind: 'domestic',
      vat_rate_bps: 1900,
      vat_paid: 209,
    });
    expect(await ledgerAmounts(renter, 'extension_debit', contract.id)).toEqual([-119]);
    const [, extension] = await issue(renter, contract.id);
    expect(extension).toMatchObject({ vat_treatment: 'domestic', vat_rate_bps: 1900, total: 119 });
    expect(extension?.buyer.country).toBe('DE');
    const receipts = await receiptTexts(world, contract.id);
    expect(receipts[1]).toContain('Incl. VAT:    0.19 EUR (19 %)');
  });
});

describe('other treatments (seller DE)', () => {
  it('EU business with a VIES-validated VAT id: reverse charge, the net only, with the note', async () => {
    world.vies.register('FR', '40303265045', true);
    const renter = await renterWith(
      consumerIn('FR', { buyer_kind: 'business', name: 'ACME SARL', vat_id: 'FR40303265045' }),
    );
    const contract = await rent(renter, await eurOffering(provider, 1000), 720);
    expect(contract).toMatchObject({ vat_kind: 'reverse_charge', vat_rate_bps: 0, vat_paid: 0 });
    expect(await ledgerAmounts(renter, 'rental_debit', contract.id)).toEqual([-1000]);
    const [invoice] = await issue(renter, contract.id);
    expect(invoice).toMatchObject({ vat: 0, total: 1000, note: REVERSE_CHARGE_NOTE });
  });

  it("EU consumer in another country: OSS at the buyer's rate (FR 20 %)", async () => {
    const renter = await renterWith(consumerIn('FR'));
    const contract = await rent(renter, await eurOffering(provider, 1000), 720);
    expect(contract).toMatchObject({ vat_kind: 'oss', vat_rate_bps: 2000, vat_paid: 200 });
    expect(await ledgerAmounts(renter, 'rental_debit', contract.id)).toEqual([-1200]);
    const [invoice] = await issue(renter, contract.id);
    expect(invoice).toMatchObject({ vat_treatment: 'oss', vat: 200, total: 1200 });
  });

  it('buyer outside the EU: out of scope, the net only', async () => {
    const renter = await renterWith(consumerIn('US'));
    const contract = await rent(renter, await eurOffering(provider, 1000), 720);
    expect(contract).toMatchObject({ vat_kind: 'out_of_scope', vat_rate_bps: 0, vat_paid: 0 });
    expect(await ledgerAmounts(renter, 'rental_debit', contract.id)).toEqual([-1000]);
    const [invoice] = await issue(renter, contract.id);
    expect(invoice).toMatchObject({ vat: 0, total: 1000, note: OUTSIDE_EU_NOTE });
  });

  it('402 names the amount with VAT when the wallet holds only the net', async () => {
    const renter = await world.account();
    await bill(renter, consumerIn('DE'));
    await world.fund(renter, 1000, 'EUR');
    const problem = await problemOf(rent(renter, await eurOffering(provider, 1000), 720));
    expect([problem.status, problem.code]).toEqual([402, 'insufficient_funds']);
    expect(problem.detail).toContain('needs 11.90 EUR');
  });

  it('refuses to rent before the renter saved billing settings (409), debiting nothing', async () => {
    const renter = await world.account();
    await world.fund(renter, 5000, 'EUR');
    const problem = await problemOf(rent(renter, await eurOffering(provider, 1000), 720));
    expect([problem.status, problem.code]).toEqual([409, 'billing_settings_required']);
    expect(problem.detail).toContain('PUT /v1/billing-settings');
    expect((await listContracts(renter.client, {})).items).toEqual([]);
    const wallet = await getWallet(renter.client, {});
    expect(wallet.balances.find((b) => b.currency === 'EUR')?.balance).toBe(5000);
    await bill(renter, consumerIn('DE'));
    const contract = await rent(renter, await eurOffering(provider, 1000), 720);
    expect((await getContract(renter.client, { id: contract.id })).vat_paid).toBe(190);
  });
});
