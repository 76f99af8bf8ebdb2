import {
  acceptContract,
  extendContract,
  type Invoice,
  issueContractInvoices,
  listContractInvoices,
  rejectContract,
} from '@dc/client';
import { OUTSIDE_EU_NOTE, REVERSE_CHARGE_NOTE } from '@dc/pricing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { issueDueInvoices } from '../../src/invoices/worker';
import { deliver, key, rent, usdOffering } from '../contracts/_http';
import { problemOf, type TestAccount } from '../offerings/_support';
import {
  bill,
  consumerIn,
  EUR_OFFERING,
  type InvoiceWorld,
  invoiceWorld,
  SELLER_ENV,
} from './_world';

type Doc = z.output<typeof Invoice>;

let world: InvoiceWorld;
let provider: TestAccount;
beforeAll(async () => {
  world = await invoiceWorld();
  provider = await world.provider();
});
afterAll(() => world?.stop());

/** A renter with `settings` who rented 720 h of a EUR 10.00/month offering with a 2.50 fee. */
async function paidRental(settings: Parameters<typeof bill>[1] | null) {
  const renter = await world.account();
  if (settings !== null) await bill(renter, settings);
  await world.fund(renter, 5000, 'EUR');
  const offering = await usdOffering(provider, { ...EUR_OFFERING, name: 'Cloud VPS M' });
  const contract = await rent(renter, offering, 720);
  return { renter, contract };
}

const issue = (account: TestAccount, id: string) => issueContractInvoices(account.client, { id });

const lineAmounts = (doc: Doc) => doc.lines.map((line) => [line.net, line.vat_rate_bps, line.vat]);

describe('invoices for paid amounts', () => {
  it('invoices a paid rental once: rental and setup fee lines, domestic VAT per line, numbered', async () => {
    const { renter, contract } = await paidRental(consumerIn('DE'));
    const first = await issue(renter, contract.id);
    expect(first.issued).toHaveLength(1);
    const [invoice] = first.issued;
    expect(invoice).toMatchObject({
      kind: 'invoice',
      contract_id: contract.id,
      currency: 'EUR',
      vat_treatment: 'domestic',
      vat_rate_bps: 1900,
      // 1000 at 19 % is 190; the 250 fee's 47.5 rounds half up to 48.
      net: 1250,
      vat: 238,
      total: 1488,
      note: null,
      credited_invoice_number: null,
    });
    expect(invoice?.number).toMatch(/^INV-2026-[0-9]{6}$/);
    expect(lineAmounts(invoice as Doc)).toEqual([
      [1000, 1900, 190],
      [250, 1900, 48],
    ]);
    expect(invoice?.lines[0]).toMatchObject({ hours: 720, period_start: null });
    expect(invoice?.lines[0]?.description).toContain('Cloud VPS M, 720 h');
    expect(invoice?.lines[1]?.description).toContain('setup fee');
    expect(invoice?.seller).toMatchObject({
      name: SELLER_ENV.DC_SELLER_NAME,
      vat_id: SELLER_ENV.DC_SELLER_VAT_ID,
      address_lines: ['Hauptstrasse 1', '10115 Berlin'],
    });
    expect(invoice?.buyer).toMatchObject({ name: 'Jane Buyer DE', country: 'DE', vat_id: null });
    expect(invoice?.payment_reference).toMatch(/^wallet ledger entry [0-9]+$/);

    // Idempotent: asking again issues nothing and lists the same document.
    const again = await issue(renter, contract.id);
    expect(again.issued).toEqual([]);
    expect(again.items.map((doc) => doc.number)).toEqual([invoice?.number]);
  });

  it('the renter and the provider see the same documents; anyone else gets 404', async () => {
    const { renter, contract } = await paidRental(consumerIn('DE'));
    await issue(provider, contract.id);
    const mine = await listContractInvoices(renter.client, { id: contract.id });
    const theirs = await listContractInvoices(provider.client, { id: contract.id });
    expect(mine.items).toHaveLength(1);
    expect(theirs).toEqual(mine);
    const stranger = await world.account();
    const problem = await problemOf(listContractInvoices(stranger.client, { id: contract.id }));
    expect([problem.status, problem.code]).toEqual([404, 'not_found']);
    expect((await problemOf(issue(stranger, contract.id))).status).toBe(404);
  });

  it('an extension gets its own invoice, without the setup fee', async () => {
    const { renter, contract } = await paidRental(consumerIn('DE'));
    await acceptContract(provider.client, { id: contract.id });
    await deliver(world, contract.id);
    await extendContract(renter.client, {
      id: contract.id,
      body: { hours: 72, idempotency_key: key('extend') },
    });
    const { items } = await issue(renter, contract.id);
    expect(items).toHaveLength(2);
    const extension = items[1] as Doc;
    // 72 h of EUR 10.00 a month is 1.00; 19 % of it 0.19.
    expect(lineAmounts(extension)).toEqual([[100, 1900, 19]]);
    expect(extension.lines[0]?.description).toContain('extension 1');
    // Delivered before issue: the nominal period follows the first 720 h.
    const start = new Date(world.clock.now().getTime() + 720 * 3_600_000).toISOString();
    expect(extension.lines[0]).toMatchObject({ hours: 72, period_start: start });
    const [first, second] = items.map((doc) => Number(doc.number.slice(-6)));
    expect(second).toBe((first ?? 0) + 1);
  });

  it('is made out to the buyer of rent time: nothing is rented before billing settings exist', async () => {
    // VAT is charged at payment, so the rental itself needs the settings (409 naming them).
    const problem = await problemOf(paidRental(null));
    expect([problem.status, problem.code]).toEqual([409, 'billing_settings_required']);
    expect(problem.detail).toContain('PUT /v1/billing-settings');
    const { renter, contract } = await paidRental(consumerIn('DE'));
    await bill(renter, consumerIn('AT'));
    const [invoice] = (await issue(renter, contract.id)).issued;
    expect(invoice).toMatchObject({ vat_treatment: 'domestic', vat_rate_bps: 1900 });
    expect(invoice?.buyer.country).toBe('DE');
  });

  it('the worker issues what is due for every contract, once', async () => {
    const { renter, contract } = await paidRental(consumerIn('DE'));
    const log = pino({ level: 'silent' });
    const seller = { name: 'x', addressLines: [], country: 'DE', vatId: 'DE811907980' } as const;
    const db = world.server.database.db;
    const settings = { ...seller, registration: null, bank: null };
    expect(await issueDueInvoices(db, settings, world.clock.now(), log)).toBeGreaterThanOrEqual(1);
    expect(await issueDueInvoices(db, settings, world.clock.now(), log)).toBe(0);
    const { items } = await listContractInvoices(renter.client, { id: contract.id });
    expect(items).toHaveLength(1);
  });
});

describe('VAT treatment (seller in DE)', () => {
  it('EU business with a VIES-validated VAT id in another country: reverse charge, 0 %, with the note', async () => {
    world.vies.register('FR', '40303265045', true);
    const { renter, contract } = await paidRental(
      consumerIn('FR', { buyer_kind: 'business', name: 'ACME SARL', vat_id: 'FR40303265045' }),
    );
    const [invoice] = (await issue(renter, contract.id)).issued;
    expect(invoice).toMatchObject({
      vat_treatment: 'reverse_charge',
      vat_rate_bps: 0,
      net: 1250,
      vat: 0,
      total: 1250,
      note: REVERSE_CHARGE_NOTE,
    });
    expect(invoice?.buyer.vat_id).toBe('FR40303265045');
  });

  it("EU consumer in another country: OSS at the buyer country's rate (FR 20 %)", async () => {
    const { renter, contract } = await paidRental(consumerIn('FR'));
    const [invoice] = (await issue(renter, contract.id)).issued;
    expect(invoice).toMatchObject({
      vat_treatment: 'oss',
      vat_rate_bps: 2000,
      vat: 250,
      total: 1500,
    });
    expect(lineAmounts(invoice as Doc)).toEqual([
      [1000, 2000, 200],
      [250, 2000, 50],
    ]);
  });

  it('EU business whose VAT id VIES could not confirm: taxed like a consumer (OSS), not reverse charge', async () => {
    // Unregistered numbers answer SERVICE_UNAVAILABLE: the id is saved unverified.
    const { renter, contract } = await paidRental(
      consumerIn('FR', { buyer_kind: 'business', name: 'Maybe SARL', vat_id: 'FR83404833048' }),
    );
    const [invoice] = (await issue(renter, contract.id)).issued;
    expect(invoice).toMatchObject({ vat_treatment: 'oss', vat_rate_bps: 2000, note: null });
  });

  it('buyer outside the EU: out of scope, 0 %, with the note', async () => {
    const { renter, contract } = await paidRental(consumerIn('US'));
    const [invoice] = (await issue(renter, contract.id)).issued;
    expect(invoice).toMatchObject({
      vat_treatment: 'out_of_scope',
      vat_rate_bps: 0,
      vat: 0,
      total: 1250,
      note: OUTSIDE_EU_NOTE,
    });
  });

  it('same country as the seller, even for a business with a valid VAT id: domestic 19 %', async () => {
    world.vies.register('DE', '129273398', true, 'BUYER GMBH');
    const { renter, contract } = await paidRental(
      consumerIn('DE', { buyer_kind: 'business', name: 'Buyer GmbH', vat_id: 'DE129273398' }),
    );
    const [invoice] = (await issue(renter, contract.id)).issued;
    expect(invoice).toMatchObject({ vat_treatment: 'domestic', vat_rate_bps: 1900, vat: 238 });
  });
});

describe('credit notes', () => {
  it('a refund gets a CN- credit note against the invoice, mirroring its VAT', async () => {
    const { renter, contract } = await paidRental(consumerIn('FR'));
    await rejectContract(provider.client, { id: contract.id, body: { reason: 'no capacity' } });
    const { issued, items } = await issue(renter, contract.id);
    expect(issued.map((doc) => doc.kind)).toEqual(['invoice', 'credit_note']);
    const [invoice, note] = items as [Doc, Doc];
    expect(note.number).toMatch(/^CN-2026-[0-9]{6}$/);
    expect(note).toMatchObject({
      kind: 'credit_note',
      credited_invoice_number: invoice.number,
      vat_treatment: 'oss',
      vat_rate_bps: 2000,
      net: -1250,
      vat: -250,
      total: -1500,
    });
    expect(note.lines[0]?.description).toContain(invoice.number);
    expect(note.payment_reference).toMatch(/^refund /);
    expect((await issue(renter, contract.id)).issued).toEqual([]);
  });
});

describe('invoice rows', () => {
  it('are immutable in the database: UPDATE and DELETE are refused', async () => {
    const { renter, contract } = await paidRental(consumerIn('DE'));
    const [invoice] = (await issue(renter, contract.id)).issued;
    const db = world.server.database.db;
    await expect(
      db
        .updateTable('invoices')
        .set({ payment_reference: 'x' })
        .where('id', '=', invoice?.id ?? '')
        .execute(),
    ).rejects.toThrow(/immutable/);
    await expect(
      db
        .deleteFrom('invoices')
        .where('id', '=', invoice?.id ?? '')
        .execute(),
    ).rejects.toThrow(/immutable/);
  });
});
