import { issueContractInvoices } from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContractWorld, contractWorld, rent, usdOffering } from '../contracts/_http';
import { problemOf } from '../offerings/_support';
import { bill, consumerIn } from './_world';

let world: ContractWorld;
beforeAll(async () => {
  world = await contractWorld();
});
afterAll(() => world?.stop());

describe('a server without a seller', () => {
  it('issues no invoices: 409 invoicing_not_configured names the settings', async () => {
    const provider = await world.provider();
    const renter = await world.account();
    await bill(renter, consumerIn('DE'));
    await world.fund(renter, 5000);
    const contract = await rent(renter, await usdOffering(provider), 24);
    const problem = await problemOf(issueContractInvoices(renter.client, { id: contract.id }));
    expect([problem.status, problem.code]).toEqual([409, 'invoicing_not_configured']);
    expect(problem.detail).toContain('DC_SELLER_VAT_ID');
  });
});
