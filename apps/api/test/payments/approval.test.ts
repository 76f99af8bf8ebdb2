import { approveRefund, cancelContract, getPayment, listRefunds, rejectRefund } from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usdOffering } from '../contracts/_http';
import { problemOf, type TestAccount } from '../offerings/_support';
import { FakeStripeError } from '../support/fake-stripe';
import { alertsOf, refundsOf, rentByCard } from './_card';
import { eventually, type PaymentWorld, paymentWorld } from './_world';

let world: PaymentWorld;
let provider: TestAccount;
beforeAll(async () => {
  // The worker polls every 200 ms, so retries become due when the test clock moves.
  world = await paymentWorld({
    DC_REFUND_APPROVAL_THRESHOLD_MINOR: '500',
    DC_SWEEP_INTERVAL_MS: '200',
  });
  provider = await world.provider();
});
afterAll(() => world?.stop());

/** A card rental of `price` paid and applied, then cancelled before delivery (full refund). */
async function cancelledPaidRental(price: number) {
  const renter = await world.account();
  const offering = await usdOffering(provider, { price_per_month: price });
  const rented = await rentByCard(renter, offering);
  const paid = world.stripe.complete(rented.sessionId);
  await world.deliver(paid.event);
  const cancelled = await cancelContract(renter.client, { id: rented.contract.id, body: {} });
  expect(cancelled.refund).toBe(price);
  return { renter, ...rented, ...paid };
}

async function refundIn(contractId: string, status: string) {
  return eventually(async () => {
    const [row] = await refundsOf(world, contractId);
    return row?.status === status ? row : undefined;
  }, `a ${status} refund`);
}

const stripeRefundsOf = (intentId: string) =>
  world.stripe.refunds().filter((r) => r['payment_intent'] === intentId);

describe('card refund approval', () => {
  it('holds a refund above the threshold for an admin; approving makes exactly one refund', async () => {
    const { contract, intent } = await cancelledPaidRental(1000);
    const held = await refundIn(contract.id, 'awaiting_approval');
    expect(held).toMatchObject({ approval_reason: 'threshold', amount: 1000n });
    const queue = await listRefunds(world.admin.client, { status: 'awaiting_approval' });
    expect(queue.items.map((r) => r.id)).toContain(held.id);
    expect(stripeRefundsOf(intent.id)).toEqual([]);

    const approved = await approveRefund(world.admin.client, {
      id: held.id,
      body: { note: 'checked with the renter' },
    });
    expect(approved).toMatchObject({ status: 'pending', decided_by: world.admin.username });
    const done = await refundIn(contract.id, 'succeeded');
    expect(stripeRefundsOf(intent.id)).toMatchObject([
      { id: done.provider_refund_id, amount: 1000 },
    ]);
    // Approving again changes nothing and refunds nothing more.
    expect((await approveRefund(world.admin.client, { id: held.id, body: {} })).status).toBe(
      'succeeded',
    );
    expect(stripeRefundsOf(intent.id)).toHaveLength(1);
  });

  it('retries a refund the rail could not make yet, with the same Idempotency-Key', async () => {
    world.stripe.failNext(
      'POST',
      '/v1/refunds',
      new FakeStripeError(503, 'api_error', 'Stripe is temporarily unavailable.'),
    );
    const { contract, intent } = await cancelledPaidRental(400);
    const waiting = await eventually(async () => {
      const [row] = await refundsOf(world, contract.id);
      return row?.last_error ? row : undefined;
    }, 'a failed attempt');
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1 });
    expect(stripeRefundsOf(intent.id)).toEqual([]);
    world.clock.advance(10 / 3600);
    await refundIn(contract.id, 'succeeded');
    expect(stripeRefundsOf(intent.id)).toHaveLength(1);
    const keys = world.stripe
      .requestsTo('POST', '/v1/refunds')
      .filter((r) => r.form['payment_intent'] === intent.id)
      .map((r) => r.idempotencyKey);
    expect(keys).toEqual([`refund:${contract.id}:cancel`, `refund:${contract.id}:cancel`]);
  });

  it('marks a refused refund failed and alerts; an approved retry goes through under a new key', async () => {
    world.stripe.failNext(
      'POST',
      '/v1/refunds',
      new FakeStripeError(
        400,
        'invalid_request_error',
        'The charge is disputed.',
        'charge_disputed',
      ),
    );
    const { contract, intent, checkout } = await cancelledPaidRental(300);
    const failed = await refundIn(contract.id, 'failed');
    expect(failed.last_error).toContain('charge_disputed');
    expect((await alertsOf(world, checkout.payment.id)).map((a) => a.kind)).toContain(
      'refund_failed',
    );
    await approveRefund(world.admin.client, { id: failed.id, body: {} });
    await refundIn(contract.id, 'succeeded');
    expect(stripeRefundsOf(intent.id)).toHaveLength(1);
    expect(world.stripe.requestsTo('POST', '/v1/refunds').at(-1)?.idempotencyKey).toBe(
      `refund:${contract.id}:cancel:retry1`,
    );
  });

  it('rejects a refund: no money moves, the reason is kept, and it cannot be approved after', async () => {
    const { contract, intent, checkout, renter } = await cancelledPaidRental(900);
    const held = await refundIn(contract.id, 'awaiting_approval');
    expect((await getPayment(renter.client, { id: checkout.payment.id })).refunded).toBe(900);
    const rejected = await rejectRefund(world.admin.client, {
      id: held.id,
      body: { reason: 'chargeback expected' },
    });
    expect(rejected).toMatchObject({
      status: 'rejected',
      decision_note: 'chargeback expected',
      decided_by: world.admin.username,
    });
    expect((await getPayment(renter.client, { id: checkout.payment.id })).refunded).toBe(0);
    expect(
      await problemOf(approveRefund(world.admin.client, { id: held.id, body: {} })),
    ).toMatchObject({ status: 409, code: 'refund_not_awaiting_approval' });
    expect(stripeRefundsOf(intent.id)).toEqual([]);
  });

  it('is for admins only', async () => {
    const someone = await world.account();
    expect(await problemOf(listRefunds(someone.client, {}))).toMatchObject({ status: 403 });
  });
});
