import { cancelContract, getContract, getPayment, issueContractInvoices } from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bill, consumerIn, SELLER_ENV } from '../invoices/_world';
import { FakeVies } from '../invoices/fake-vies';
import type { TestAccount } from '../offerings/_support';
import { refundsOf, rentByCard } from '../payments/_card';
import { eventually, type PaymentWorld, paymentWorld } from '../payments/_world';
import { eurOffering } from './_vat';

// A fake Stripe and a German seller: a DE consumer pays EUR 10.00 + 19 % VAT = 11.90 by card.
let vies: FakeVies;
let world: PaymentWorld;
let provider: TestAccount;
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

async function cardRental() {
  const renter = await world.account();
  await bill(renter, consumerIn('DE'));
  return { renter, ...(await rentByCard(renter, await eurOffering(provider, 1000), 720)) };
}

describe('card rentals with VAT', () => {
  it('the checkout asks for net + VAT; the paid contract books them apart; the invoice is the payment', async () => {
    const { renter, contract, checkout, sessionId } = await cardRental();
    expect(contract).toMatchObject({ vat_kind: 'domestic', paid: 0, vat_paid: 0 });
    expect(checkout.payment).toMatchObject({ amount: 1190, currency: 'EUR' });
    expect(world.stripe.state.session(sessionId)).toMatchObject({ amount_total: 1190 });
    const { intent, event } = world.stripe.complete(sessionId);
    expect((await world.deliver(event)).body).toMatchObject({ result: 'applied' });
    expect(await getContract(renter.client, { id: contract.id })).toMatchObject({
      payment_status: 'succeeded',
      paid: 1000,
      vat_paid: 190,
    });
    const { items } = await issueContractInvoices(renter.client, { id: contract.id });
    expect(items.map((doc) => [doc.net, doc.vat, doc.total])).toEqual([[1000, 190, 1190]]);
    expect(items[0]?.payment_reference).toBe(`card payment ${intent.id}`);

    // Cancelled before acceptance: everything goes back to the card, VAT included.
    const cancelled = await cancelContract(renter.client, { id: contract.id, body: {} });
    expect([cancelled.refund, cancelled.refund_vat]).toEqual([1000, 190]);
    await eventually(async () => {
      const rows = await refundsOf(world, contract.id);
      return rows[0]?.status === 'succeeded' ? rows : undefined;
    }, 'the card refund');
    const [row] = await refundsOf(world, contract.id);
    expect([row?.amount, row?.vat]).toEqual([1190n, 190n]);
    const made = world.stripe.refunds().filter((r) => r['payment_intent'] === intent.id);
    expect(made.map((r) => r['amount'])).toEqual([1190]);
    expect(await getContract(renter.client, { id: contract.id })).toMatchObject({
      refunded: 1000,
      vat_refunded: 190,
    });
  });

  it('splits a dashboard refund into net and VAT; the cancellation then returns exactly the rest', async () => {
    const { renter, contract, sessionId } = await cardRental();
    const { charge, event } = world.stripe.complete(sessionId);
    await world.deliver(event);
    // 6.00 given back VAT included: the largest net that fits with its 19 % is 5.04 (VAT 0.96).
    const dashboard = world.stripe.dashboardRefund(charge.id, 600);
    expect((await world.deliver(dashboard.event)).body).toMatchObject({ result: 'reconciled' });
    expect(await getContract(renter.client, { id: contract.id })).toMatchObject({
      refunded: 504,
      vat_refunded: 96,
    });
    const cancelled = await cancelContract(renter.client, { id: contract.id, body: {} });
    expect([cancelled.refund, cancelled.refund_vat]).toEqual([496, 94]);
    await eventually(async () => {
      const rows = await refundsOf(world, contract.id);
      return rows.length === 2 && rows.every((r) => r.status === 'succeeded') ? rows : undefined;
    }, 'the cancellation refund');
    const made = world.stripe.refunds().filter((r) => r['charge'] === charge.id);
    expect(made.map((r) => r['amount'])).toEqual([600, 590]);
    expect(await getContract(renter.client, { id: contract.id })).toMatchObject({
      payment_status: 'refunded',
      refunded: 1000,
      vat_paid: 190,
      vat_refunded: 190,
    });
    const { items } = await issueContractInvoices(renter.client, { id: contract.id });
    // Both refunds bear the same (test clock) time, so their credit notes may come either way.
    const [invoice, ...notes] = items;
    expect(invoice?.total).toBe(1190);
    const byNet = [...notes].sort((a, b) => a.net - b.net);
    expect(byNet.map((doc) => [doc.net, doc.vat, doc.total])).toEqual([
      [-504, -96, -600],
      [-496, -94, -590],
    ]);
  });

  it('holds a checkout that paid the net price only: the amount check compares the gross', async () => {
    const { renter, contract, checkout, sessionId } = await cardRental();
    const held = await world.deliver(world.stripe.complete(sessionId, 1000).event);
    expect(held.body).toMatchObject({ result: 'held' });
    expect(await getPayment(renter.client, { id: checkout.payment.id })).toMatchObject({
      status: 'held',
      amount: 1190,
      received: 1000,
    });
    expect(await getContract(renter.client, { id: contract.id })).toMatchObject({
      payment_status: 'pending',
      paid: 0,
      vat_paid: 0,
    });
  });
});
