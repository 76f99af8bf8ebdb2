import {
  acceptContract,
  cancelContract,
  getContract,
  getPayment,
  issueContractInvoices,
  rejectRefund,
} from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver } from '../contracts/_http';
import { bill, consumerIn, SELLER_ENV } from '../invoices/_world';
import { FakeVies } from '../invoices/fake-vies';
import { inboxOf } from '../notifications/_world';
import type { TestAccount } from '../offerings/_support';
import { accrue, entriesOf } from '../payouts/_world';
import { eurOffering } from '../vat/_vat';
import { refundsOf, rentByCard } from './_card';
import { eventually, type PaymentWorld, paymentWorld } from './_world';

// A German seller, card refunds above EUR 5.00 wait for an admin, the worker polls every 200 ms.
let vies: FakeVies;
let world: PaymentWorld;
let provider: TestAccount;
beforeAll(async () => {
  vies = new FakeVies();
  await vies.start();
  world = await paymentWorld({
    ...SELLER_ENV,
    DC_VIES_URL: vies.url,
    DC_REFUND_APPROVAL_THRESHOLD_MINOR: '500',
    DC_SWEEP_INTERVAL_MS: '200',
  });
  provider = await world.provider();
});
afterAll(async () => {
  await world?.stop();
  await vies?.stop();
});

/**
 * EUR 10.00 + 19 % VAT for 720 h by card, delivered, 100 h used, then cancelled: the card refund
 * (above the EUR 5.00 threshold) waits for an admin.
 */
async function cancelledWithHeldRefund() {
  const renter = await world.account();
  await bill(renter, consumerIn('DE'));
  const { contract, checkout, sessionId } = await rentByCard(
    renter,
    await eurOffering(provider, 1000),
  );
  const { intent, event } = world.stripe.complete(sessionId);
  await world.deliver(event);
  await acceptContract(provider.client, { id: contract.id });
  await deliver(world, contract.id);
  world.clock.advance(100);
  await accrue(world, 1000n);
  const cancelled = await cancelContract(renter.client, { id: contract.id, body: {} });
  // 620 of 720 h unused: 861 net (rounded down) and its 19 % VAT, 164.
  expect([cancelled.refund, cancelled.refund_vat]).toEqual([861, 164]);
  expect(cancelled.contract).toMatchObject({
    payment_status: 'partially_refunded',
    refunded: 861,
    vat_refunded: 164,
  });
  const held = await eventually(async () => {
    const [row] = await refundsOf(world, contract.id);
    return row?.status === 'awaiting_approval' ? row : undefined;
  }, 'the refund waiting for approval');
  expect([held.amount, held.vat, held.approval_reason]).toEqual([1025n, 164n, 'threshold']);
  return { renter, contract, checkout, intent, held };
}

describe('a refund an admin rejects', () => {
  it('leaves the contract, its payment and the provider earnings as if it never was', async () => {
    const { renter, contract, checkout, intent, held } = await cancelledWithHeldRefund();

    await rejectRefund(world.admin.client, { id: held.id, body: { reason: 'abuse' } });
    // Twice: the second answers the rejected refund and moves nothing.
    await rejectRefund(world.admin.client, { id: held.id, body: { reason: 'abuse' } });

    expect(await getContract(renter.client, { id: contract.id })).toMatchObject({
      status: 'cancelled',
      payment_status: 'succeeded',
      paid: 1000,
      refunded: 0,
      vat_paid: 190,
      vat_refunded: 0,
    });
    expect(await getPayment(renter.client, { id: checkout.payment.id })).toMatchObject({
      received: 1190,
      refunded: 0,
    });
    expect(world.stripe.refunds().filter((r) => r['payment_intent'] === intent.id)).toEqual([]);
    // No credit note for money that never went back.
    const { items } = await issueContractInvoices(renter.client, { id: contract.id });
    expect(items.map((doc) => doc.number.slice(0, 3))).toEqual(['INV']);

    // The earnings ledger balances on the true amounts (the database CHECKs conservation on
    // every entry): the provider keeps what was consumed; the rest stays refundable.
    await accrue(world, 1000n);
    const last = (await entriesOf(provider, contract.id)).at(-1);
    expect(last).toMatchObject({ paid: 1000, refunded: 0, final: true });
    expect(
      (last?.earned_to_date ?? 0) +
        (last?.platform_fee_to_date ?? 0) +
        (last?.refundable ?? 0) +
        (last?.refunded ?? 0),
    ).toBe(1000);
  });
});

describe('the renter of a rejected refund', () => {
  it('is told once, in the rejecting transaction, that the refund shown at cancel will not come', async () => {
    const { renter, contract, held } = await cancelledWithHeldRefund();
    const rejectedNotices = async () =>
      (await inboxOf(renter.client)).filter((n) => n.event === 'refund_rejected');
    expect(await rejectedNotices()).toEqual([]);

    // Rejected twice (the second answers the rejected refund unchanged): told once.
    await rejectRefund(world.admin.client, { id: held.id, body: { reason: 'abuse' } });
    await rejectRefund(world.admin.client, { id: held.id, body: { reason: 'again' } });

    const notices = await rejectedNotices();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      contract_id: contract.id,
      title: 'Refund rejected: 10.25 EUR',
      data: { contract_id: contract.id, refund_id: held.id, amount: 1025, currency: 'EUR' },
    });
    expect(notices[0]?.body).toContain(contract.id);
    // The admin's reason is for the record, not for the renter.
    expect(JSON.stringify(notices[0])).not.toContain('abuse');
    // Nothing about a refund issued: no money went back.
    expect((await inboxOf(renter.client)).some((n) => n.event === 'refund_issued')).toBe(false);
  });
});
