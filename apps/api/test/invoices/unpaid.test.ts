import { getContract, issueContractInvoices, listContractInvoices } from '@dc/client';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSeller, type Seller } from '../../src/billing/seller';
import { issueDueInvoices } from '../../src/invoices/worker';
import { problemOf, type TestAccount } from '../offerings/_support';
import { rentByCard } from '../payments/_card';
import { type PaymentWorld, paymentWorld } from '../payments/_world';
import { eurOffering } from '../vat/_vat';
import { bill, consumerIn, SELLER_ENV } from './_world';
import { FakeVies } from './fake-vies';

// Never-again 12, "invoices that exist for unpaid contracts": a German seller, DE consumers
// renting by card. A contract whose checkout is still open (even after a declined card) or
// whose checkout expired has nothing paid, so neither the invoice worker (what the sweeper's
// billing round runs) nor POST /v1/contracts/{id}/invoices may issue anything or take a number.
let vies: FakeVies;
let world: PaymentWorld;
let provider: TestAccount;
const seller = parseSeller(SELLER_ENV) as Seller;
beforeAll(async () => {
  vies = new FakeVies();
  await vies.start();
  world = await paymentWorld({ ...SELLER_ENV, DC_VIES_URL: vies.url });
  provider = await world.provider();
});
afterAll(async () => {
  await world?.stop();
  await vies?.stop();
});

const db = () => world.server.database.db;
const invoiceRound = () =>
  issueDueInvoices(db(), seller, world.clock.now(), pino({ level: 'silent' }));

/** Every numbering counter, e.g. `INV 2026 3`. */
async function counters(): Promise<string[]> {
  const rows = await db()
    .selectFrom('invoice_counters')
    .select(['seller', 'series', 'year', 'last_number'])
    .orderBy('seller')
    .orderBy('series')
    .orderBy('year')
    .execute();
  return rows.map((r) => `${r.seller} ${r.series} ${r.year} ${r.last_number}`);
}

/** The invoice rows of a contract, read from the table (not through any view). */
const invoiceRows = (contractId: string) =>
  db().selectFrom('invoices').select('number').where('contract_id', '=', contractId).execute();

/** Whether the invoice worker has the contract marked as possibly due. */
async function markedForInvoicing(contractId: string): Promise<boolean> {
  const row = await db()
    .selectFrom('billing_work')
    .select('contract_id')
    .where('kind', '=', 'invoice')
    .where('contract_id', '=', contractId)
    .executeTakeFirst();
  return row !== undefined;
}

/** A DE consumer's 720 h card rental of EUR 10.00 + 19 % VAT, checkout opened, not paid. */
async function cardRental() {
  const renter = await world.account();
  await bill(renter, consumerIn('DE'));
  return { renter, ...(await rentByCard(renter, await eurOffering(provider, 1000))) };
}

describe('never-again 12: no invoice for an unpaid contract', () => {
  it('a pending and an expired card checkout get no invoice from the worker nor the route, and no number is taken', async () => {
    // One whose card was declined: the checkout stays open, the contract's payment pending.
    const declined = await cardRental();
    await world.deliver(world.stripe.decline(declined.sessionId));
    // One whose checkout expired unpaid: the contract's payment failed.
    const expired = await cardRental();
    await world.deliver(world.stripe.expire(expired.sessionId));
    const unpaid = [
      { ...declined, status: 'pending', detail: /payment is still pending/ },
      { ...expired, status: 'failed', detail: /payment failed \(its checkout expired/ },
    ];
    for (const { renter, contract, status } of unpaid) {
      expect(await getContract(renter.client, { id: contract.id })).toMatchObject({
        payment_status: status,
        paid: 0,
      });
      // The worker will look at them: a segment exists, the payment status moved.
      expect(await markedForInvoicing(contract.id)).toBe(true);
    }
    const before = await counters();

    // The worker (what the sweeper's billing round runs), twice: it looks and issues nothing.
    expect(await invoiceRound()).toBe(0);
    expect(await invoiceRound()).toBe(0);
    for (const { contract } of unpaid) expect(await markedForInvoicing(contract.id)).toBe(false);

    // On demand, by the renter: a precise refusal, not an empty success.
    for (const { renter, contract, detail } of unpaid) {
      const problem = await problemOf(issueContractInvoices(renter.client, { id: contract.id }));
      expect([problem.status, problem.code]).toEqual([409, 'contract_not_paid']);
      expect(problem.detail).toMatch(detail);
      expect(problem.detail).toContain(contract.id);
      expect((await listContractInvoices(renter.client, { id: contract.id })).items).toEqual([]);
      expect(await invoiceRows(contract.id)).toEqual([]);
    }
    expect(await counters()).toEqual(before);

    // The control: the declined checkout is paid after all, and now, only now, it is invoiced
    // once, taking exactly one number.
    await world.deliver(world.stripe.complete(declined.sessionId).event);
    expect(await invoiceRound()).toBe(1);
    const { items } = await issueContractInvoices(declined.renter.client, {
      id: declined.contract.id,
    });
    expect(items.map((doc) => [doc.kind, doc.total])).toEqual([['invoice', 1190]]);
    const [inv] = (await counters()).filter((c) => c.includes(' INV '));
    const [invBefore] = before.filter((c) => c.includes(' INV '));
    const taken = (row: string | undefined) => Number(row?.split(' ').at(-1) ?? 0);
    expect(taken(inv) - taken(invBefore)).toBe(1);
    expect(await invoiceRows(expired.contract.id)).toEqual([]);
  });
});
