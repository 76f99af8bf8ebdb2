import { cancelContract } from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContractWorld, contractWorld, rent } from '../contracts/_http';
import { bill, consumerIn } from '../invoices/_world';
import type { TestAccount } from '../offerings/_support';
import { eurOffering, ledgerAmounts, receiptTexts } from './_vat';

// No DC_SELLER_*: the platform is no seller of record (a sandbox), so it charges no VAT.
let world: ContractWorld;
let provider: TestAccount;
beforeAll(async () => {
  world = await contractWorld();
  provider = await world.provider();
});
afterAll(() => world?.stop());

describe('a server without a seller', () => {
  it('charges the net price only, says so on the contract, and needs no billing settings', async () => {
    const renter = await world.account();
    await world.fund(renter, 5000, 'EUR');
    const contract = await rent(renter, await eurOffering(provider, 1000, 250), 720);
    expect(contract).toMatchObject({
      paid: 1250,
      vat_kind: 'none',
      vat_rate_bps: 0,
      vat_paid: 0,
    });
    expect(await ledgerAmounts(renter, 'rental_debit', contract.id)).toEqual([-1250]);
    const [receipt] = await receiptTexts(world, contract.id);
    expect(receipt).toContain('Amount paid:  12.50 EUR');
    expect(receipt).not.toContain('VAT');
    const cancelled = await cancelContract(renter.client, { id: contract.id, body: {} });
    expect([cancelled.refund, cancelled.refund_vat]).toEqual([1250, 0]);
    expect(await ledgerAmounts(renter, 'refund_credit', contract.id)).toEqual([1250]);
  });

  it('ignores billing settings: a consumer in DE pays the net price too', async () => {
    const renter = await world.account();
    await bill(renter, consumerIn('DE'));
    await world.fund(renter, 5000, 'EUR');
    const contract = await rent(renter, await eurOffering(provider, 1000), 720);
    expect(contract).toMatchObject({ vat_kind: 'none', vat_paid: 0 });
    expect(await ledgerAmounts(renter, 'rental_debit', contract.id)).toEqual([-1000]);
  });
});
