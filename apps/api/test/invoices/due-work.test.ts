import { acceptContract, cancelContract, extendContract, listContractInvoices } from '@dc/client';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accrualCandidates } from '../../src/earnings/candidates';
import { runAccrual } from '../../src/earnings/run-accrual';
import { invoiceCandidates, issueDueInvoices } from '../../src/invoices/worker';
import { deliver, key, rent, usdOffering } from '../contracts/_http';
import type { TestAccount } from '../offerings/_support';
import { bill, consumerIn, EUR_OFFERING, type InvoiceWorld, invoiceWorld } from './_world';

// Each round of the invoice and earnings workers reads only what is due: contracts with a new
// segment, payment or refund, running contracts whose hourly accrual is due. The contracts
// invoiced and accrued before are history and are never read again.
let world: InvoiceWorld;
let provider: TestAccount;
beforeAll(async () => {
  world = await invoiceWorld();
  provider = await world.provider();
});
afterAll(() => world?.stop());

const log = pino({ level: 'silent' });
const seller = {
  name: 'Decent Cloud GmbH',
  addressLines: [],
  country: 'DE',
  vatId: 'DE811907980',
  registration: null,
  bank: null,
} as const;
const db = () => world.server.database.db;
const invoiceRound = () => issueDueInvoices(db(), seller, world.clock.now(), log);
const accrualRound = () => runAccrual(db(), { now: world.clock.now(), feeBps: 0n });
const dueForAccrual = () =>
  accrualCandidates(db(), { now: world.clock.now(), after: null, limit: 1000 });

/** A DE renter's paid wallet rental of 720 h at EUR 10.00 a month. */
async function paidRental() {
  const renter = await world.account();
  await bill(renter, consumerIn('DE'));
  await world.fund(renter, 10_000, 'EUR');
  const offering = await usdOffering(provider, EUR_OFFERING);
  return { renter, contract: await rent(renter, offering, 720) };
}

describe('the invoice worker', () => {
  it('reads only contracts with something new to invoice, never the ones invoiced before', async () => {
    const history = [];
    for (let i = 0; i < 4; i += 1) history.push(await paidRental());
    expect((await invoiceCandidates(db(), 1000)).sort()).toEqual(
      history.map((h) => h.contract.id).sort(),
    );
    expect(await invoiceRound()).toBe(4);
    // Four contracts with invoices, nothing new: a round reads nothing at all.
    expect(await invoiceCandidates(db(), 1000)).toEqual([]);
    expect(await invoiceRound()).toBe(0);

    // Paid time added to one of them: that contract, and only it, is read.
    const [extended, cancelled] = history;
    if (extended === undefined || cancelled === undefined) throw new Error('no history');
    await acceptContract(provider.client, { id: extended.contract.id });
    await deliver(world, extended.contract.id);
    await extendContract(extended.renter.client, {
      id: extended.contract.id,
      body: { hours: 24, idempotency_key: key('extend') },
    });
    expect(await invoiceCandidates(db(), 1000)).toEqual([extended.contract.id]);
    expect(await invoiceRound()).toBe(1);

    // A refund: its credit note is the only work.
    await cancelContract(cancelled.renter.client, { id: cancelled.contract.id, body: {} });
    expect(await invoiceCandidates(db(), 1000)).toEqual([cancelled.contract.id]);
    expect(await invoiceRound()).toBe(1);
    const docs = await listContractInvoices(cancelled.renter.client, { id: cancelled.contract.id });
    expect(docs.items.map((doc) => doc.kind).sort()).toEqual(['credit_note', 'invoice']);
    expect(await invoiceCandidates(db(), 1000)).toEqual([]);
  });
});

describe('the earnings accrual', () => {
  it('reads running contracts when their hour is due and ended ones only when they change', async () => {
    await accrualRound();
    const delivered = [];
    for (let i = 0; i < 3; i += 1) {
      const rental = await paidRental();
      await acceptContract(provider.client, { id: rental.contract.id });
      await deliver(world, rental.contract.id);
      delivered.push(rental);
    }
    const ids = delivered.map((d) => d.contract.id).sort();
    expect((await dueForAccrual()).sort()).toEqual(ids);
    expect((await accrualRound()).accrued).toBe(3);
    expect(await dueForAccrual()).toEqual([]);

    // Half an hour on, one ends (a refund of its unused time): only it is read.
    world.clock.advance(0.5);
    const [ended, ...running] = delivered;
    if (ended === undefined) throw new Error('no contract');
    await cancelContract(ended.renter.client, { id: ended.contract.id, body: {} });
    expect(await dueForAccrual()).toEqual([ended.contract.id]);
    await accrualRound();
    expect(await dueForAccrual()).toEqual([]);

    // An hour on, the running ones are due again (with the one the invoice test delivered);
    // the ended one never is.
    world.clock.advance(1);
    const due = await dueForAccrual();
    expect(due).toEqual(expect.arrayContaining(running.map((r) => r.contract.id)));
    expect(due).toHaveLength(running.length + 1);
    expect(due).not.toContain(ended.contract.id);
    expect((await accrualRound()).accrued).toBe(due.length);
    world.clock.advance(100);
    expect(await dueForAccrual()).not.toContain(ended.contract.id);
  });
});
