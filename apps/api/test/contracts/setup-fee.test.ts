// The offering's setup fee: charged once with the rental, refunded when the server is never
// delivered, kept by the provider once it is (refunds of unused time come from paid hours only).

import {
  acceptContract,
  cancelContract,
  getContract,
  getWallet,
  listWalletLedger,
  previewContractRefund,
  rejectContract,
} from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemOf, type TestAccount } from '../offerings/_support';
import { type ContractWorld, contractWorld, deliver, rent, usdOffering } from './_http';

let world: ContractWorld;
let provider: TestAccount;
beforeAll(async () => {
  world = await contractWorld();
  provider = await world.provider();
});
afterAll(() => world?.stop());

async function balance(account: TestAccount): Promise<number> {
  const wallet = await getWallet(account.client, {});
  return wallet.balances.find((b) => b.currency === 'USD')?.balance ?? 0;
}

describe('setup fee', () => {
  it('is charged with the rental in one wallet debit and shown on the contract', async () => {
    const renter = await world.account();
    await world.fund(renter, 1250);
    const offering = await usdOffering(provider, { setup_fee: 250 });
    const rented = await rent(renter, offering, 720);
    expect(rented).toMatchObject({ paid: 1250, setup_fee: 250, hours: 720 });
    expect(await balance(renter)).toBe(0);
    const ledger = await listWalletLedger(renter.client, { currency: 'USD', limit: 10 });
    const debits = ledger.items.filter((entry) => entry.amount < 0);
    expect(debits).toHaveLength(1);
    expect(debits[0]).toMatchObject({ amount: -1250, kind: 'rental_debit' });
  });

  it('counts toward the balance check: hours alone affordable, hours plus fee not, is 402', async () => {
    const renter = await world.account();
    await world.fund(renter, 1000);
    const offering = await usdOffering(provider, { setup_fee: 1 });
    const problem = await problemOf(rent(renter, offering, 720));
    expect(problem.status).toBe(402);
    expect(await balance(renter)).toBe(1000);
  });

  it('comes back in full when the provider rejects the request', async () => {
    const renter = await world.account();
    await world.fund(renter, 1250);
    const offering = await usdOffering(provider, { setup_fee: 250 });
    const rented = await rent(renter, offering, 720);
    await rejectContract(provider.client, { id: rented.id, body: { reason: 'no capacity' } });
    expect(await getContract(renter.client, { id: rented.id })).toMatchObject({
      status: 'rejected',
      refunded: 1250,
    });
    expect(await balance(renter)).toBe(1250);
  });

  it('stays with the provider after delivery: a cancel refunds unused hours only', async () => {
    const renter = await world.account();
    await world.fund(renter, 1250);
    const offering = await usdOffering(provider, { setup_fee: 250 });
    const rented = await rent(renter, offering, 720);
    await acceptContract(provider.client, { id: rented.id });
    await deliver(world, rented.id);
    world.clock.advance(100);
    // The spec's worked example on the hours (861 of 1000), the fee not refunded.
    const preview = await previewContractRefund(renter.client, { id: rented.id });
    expect(preview).toMatchObject({ cancellable: true, refund: 861, paid: 1250 });
    const cancelled = await cancelContract(renter.client, { id: rented.id, body: {} });
    expect(cancelled.refund).toBe(861);
    expect(await balance(renter)).toBe(861);
  });
});
