import { issueContractInvoices, listContractInvoices } from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rent, usdOffering } from '../contracts/_http';
import type { TestAccount } from '../offerings/_support';
import { bill, consumerIn, EUR_OFFERING, type InvoiceWorld, invoiceWorld } from './_world';

const CONTRACTS = 200;

// Always on the real PostgreSQL server: PGlite runs one statement at a time, so concurrency
// there proves nothing about the counter row.
let world: InvoiceWorld;
let renter: TestAccount;
const contractIds: string[] = [];

beforeAll(async () => {
  world = await invoiceWorld({ engine: 'postgres' });
  const provider = await world.provider();
  renter = await world.account();
  await bill(renter, consumerIn('DE'));
  await world.fund(renter, CONTRACTS * 100, 'EUR');
  const offering = await usdOffering(provider, { ...EUR_OFFERING, setup_fee: 0 });
  for (let i = 0; i < CONTRACTS; i += 1) {
    contractIds.push((await rent(renter, offering, 24)).id);
  }
}, 300_000);
afterAll(() => world?.stop());

describe('invoice numbering under concurrency (PostgreSQL)', () => {
  it(`${CONTRACTS} contracts, each asked twice at once: ${CONTRACTS} invoices numbered 1..${CONTRACTS}`, async () => {
    const answers = await Promise.all(
      [...contractIds, ...contractIds].map((id) => issueContractInvoices(renter.client, { id })),
    );
    const issued = answers.flatMap((answer) => answer.issued);
    expect(issued).toHaveLength(CONTRACTS);
    const sequences = issued
      .map((doc) => Number(doc.number.slice('INV-2026-'.length)))
      .sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: CONTRACTS }, (_, i) => i + 1));
    for (const doc of issued) expect(doc.number).toMatch(/^INV-2026-[0-9]{6}$/);
    // Each contract holds exactly its one invoice.
    const perContract = await Promise.all(
      contractIds.map((id) => listContractInvoices(renter.client, { id })),
    );
    expect(perContract.map((list) => list.items.length)).toEqual(contractIds.map(() => 1));
    const counter = await world.server.database.db
      .selectFrom('invoice_counters')
      .selectAll()
      .execute();
    expect(counter).toEqual([
      { seller: 'DE811907980', series: 'INV', year: 2026, last_number: CONTRACTS },
    ]);
  }, 300_000);
});
