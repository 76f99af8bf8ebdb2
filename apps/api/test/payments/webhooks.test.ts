import { acceptContract, cancelContract, getContract, getPayment } from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { refundEndedHeldPayments } from '../../src/payments/refunds/held';
import { runSweeps } from '../../src/sweeps/run-sweeps';
import { sweepSettings } from '../../src/sweeps/settings';
import { deliver, usdOffering } from '../contracts/_http';
import { problemOf, type TestAccount } from '../offerings/_support';
import { alertsOf, receiptsOf, refundsOf, rentByCard } from './_card';
import { eventually, type PaymentWorld, paymentWorld } from './_world';

let world: PaymentWorld;
let provider: TestAccount;
beforeAll(async () => {
  world = await paymentWorld();
  provider = await world.provider();
});
afterAll(() => world?.stop());

/** A card rental paid at Stripe, with the completion event not delivered yet. */
async function paidAtStripe(renter: TestAccount) {
  const offering = await usdOffering(provider);
  const rented = await rentByCard(renter, offering);
  const paid = world.stripe.complete(rented.sessionId);
  return { ...rented, ...paid };
}

describe('the Stripe webhook', () => {
  it('applies a delivery twice and concurrently only once: one payment, one receipt', async () => {
    const renter = await world.account();
    const { contract, checkout, event } = await paidAtStripe(renter);
    const answers = await Promise.all([
      world.deliver(event),
      world.deliver(event),
      world.deliver(event),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.filter((a) => a.body['duplicate'] === false)).toHaveLength(1);
    expect(await getContract(renter.client, { id: contract.id })).toMatchObject({
      payment_status: 'succeeded',
      paid: 1000,
    });
    expect(await receiptsOf(world, checkout.payment.id)).toHaveLength(1);
    const processed = await world.server.database.db
      .selectFrom('processed_events')
      .select('event_id')
      .where('event_id', '=', event.id)
      .execute();
    expect(processed).toHaveLength(1);
  });

  it('takes a dispute that arrives before its checkout: the payment is applied, then disputed', async () => {
    const renter = await world.account();
    const { contract, checkout, charge, event: completed } = await paidAtStripe(renter);
    const { dispute, event: opened } = world.stripe.openDispute(charge.id);
    expect((await world.deliver(opened)).body).toMatchObject({ result: 'dispute_open' });
    expect(await getContract(renter.client, { id: contract.id })).toMatchObject({
      status: 'requested',
      payment_status: 'disputed',
      paid: 1000,
    });
    // The late checkout event changes nothing: the payment was applied once.
    expect((await world.deliver(completed)).body).toMatchObject({ result: 'unchanged' });
    expect(await receiptsOf(world, checkout.payment.id)).toHaveLength(1);
    // Nothing can accept a disputed payment.
    expect(await problemOf(acceptContract(provider.client, { id: contract.id }))).toMatchObject({
      status: 409,
    });
    expect((await world.deliver(world.stripe.closeDispute(dispute.id, 'won'))).body).toMatchObject({
      result: 'dispute_won',
    });
    expect(await getContract(renter.client, { id: contract.id })).toMatchObject({
      status: 'requested',
      payment_status: 'succeeded',
    });
    expect((await alertsOf(world, checkout.payment.id)).map((a) => a.kind)).toEqual([
      'dispute',
      'dispute',
    ]);
  });

  it('pauses a delivered contract for a dispute, resumes it when won, ends it unrefunded when lost', async () => {
    const renter = await world.account();
    const { contract, charge, event } = await paidAtStripe(renter);
    await world.deliver(event);
    await acceptContract(provider.client, { id: contract.id });
    await deliver(world, contract.id);

    const first = world.stripe.openDispute(charge.id);
    await world.deliver(first.event);
    expect(await getContract(renter.client, { id: contract.id })).toMatchObject({
      status: 'paused',
      payment_status: 'disputed',
    });
    // A renter cannot cancel a disputed contract for a refund on top of the chargeback.
    expect(
      await problemOf(cancelContract(renter.client, { id: contract.id, body: {} })),
    ).toMatchObject({
      status: 409,
    });
    await world.deliver(world.stripe.fundsWithdrawn(first.dispute.id));
    await world.deliver(world.stripe.closeDispute(first.dispute.id, 'won'));
    expect(await getContract(renter.client, { id: contract.id })).toMatchObject({
      status: 'provisioned',
      payment_status: 'succeeded',
    });

    // A second dispute whose `closed` (lost) arrives before its `created`.
    const second = world.stripe.openDispute(charge.id);
    const created = second.event;
    const lost = world.stripe.closeDispute(second.dispute.id, 'lost');
    expect((await world.deliver(lost)).body).toMatchObject({ result: 'dispute_lost' });
    expect((await world.deliver(created)).body).toMatchObject({ result: 'unchanged' });
    expect(await getContract(renter.client, { id: contract.id })).toMatchObject({
      status: 'cancelled',
      payment_status: 'charged_back',
      refunded: 0,
    });
    expect(await refundsOf(world, contract.id)).toEqual([]);
    expect(world.stripe.refunds().filter((r) => r['charge'] === charge.id)).toEqual([]);
  });

  it('records a dashboard refund that arrives before its charge, once, without refunding again', async () => {
    const renter = await world.account();
    const { contract, checkout, charge, event: completed } = await paidAtStripe(renter);
    const { refund, event: refunded } = world.stripe.dashboardRefund(charge.id, 300);
    expect((await world.deliver(refunded)).body).toMatchObject({ result: 'reconciled' });
    expect(await getContract(renter.client, { id: contract.id })).toMatchObject({
      payment_status: 'partially_refunded',
      paid: 1000,
      refunded: 300,
    });
    expect((await world.deliver(completed)).body).toMatchObject({ result: 'unchanged' });
    // Stripe sends charge.refunded again (a new event id) with the same refund listed.
    const again = world.stripe.event('charge.refunded', world.stripe.state.charge(charge.id));
    expect((await world.deliver(again)).body).toMatchObject({ result: 'unchanged' });
    const rows = await refundsOf(world, contract.id);
    expect(rows).toMatchObject([
      { amount: 300n, status: 'succeeded', source: 'dashboard', provider_refund_id: refund.id },
    ]);
    expect(world.stripe.refunds().filter((r) => r['charge'] === charge.id)).toHaveLength(1);
    expect(await getPayment(renter.client, { id: checkout.payment.id })).toMatchObject({
      refunded: 300,
    });
    // Cancelling now refunds only what is left, to the card.
    const cancelled = await cancelContract(renter.client, { id: contract.id, body: {} });
    expect(cancelled.refund).toBe(700);
    await eventually(async () => {
      const all = await refundsOf(world, contract.id);
      return all.every((r) => r.status === 'succeeded') && all.length === 2 ? all : undefined;
    }, 'the cancellation refund');
    expect(
      world.stripe
        .refunds()
        .filter((r) => r['charge'] === charge.id)
        .map((r) => r['amount']),
    ).toEqual([300, 700]);
  });

  it('holds a contract paid with the wrong amount, alerts, and refunds it when the contract ends', async () => {
    const renter = await world.account();
    const offering = await usdOffering(provider);
    const { contract, checkout, sessionId } = await rentByCard(renter, offering);
    const { intent, event } = world.stripe.complete(sessionId, 999);
    expect((await world.deliver(event)).body).toMatchObject({ result: 'held' });
    expect((await world.deliver(event)).body).toMatchObject({ duplicate: true });
    expect(await getContract(renter.client, { id: contract.id })).toMatchObject({
      status: 'requested',
      payment_status: 'pending',
      paid: 0,
    });
    expect(await getPayment(renter.client, { id: checkout.payment.id })).toMatchObject({
      status: 'held',
      received: 999,
    });
    expect(await alertsOf(world, checkout.payment.id)).toEqual([
      { kind: 'amount_mismatch', detail: expect.stringContaining('9.99') },
    ]);
    expect(await receiptsOf(world, checkout.payment.id)).toEqual([]);
    expect(await problemOf(acceptContract(provider.client, { id: contract.id }))).toMatchObject({
      status: 409,
    });

    // The unpaid request expires; the held money goes back to the card, once.
    world.clock.advance(2);
    const settings = sweepSettings(loadConfig({}));
    const db = world.server.database.db;
    await runSweeps(db, world.clock.now(), settings, { info: () => {}, error: () => {} });
    expect((await getContract(renter.client, { id: contract.id })).status).toBe('expired');
    expect(await refundEndedHeldPayments(db, world.clock.now())).toBe(1);
    expect(await refundEndedHeldPayments(db, world.clock.now())).toBe(0);
    await eventually(async () => {
      const rows = await refundsOf(world, contract.id);
      return rows[0]?.status === 'succeeded' ? rows : undefined;
    }, 'the refund of the held payment');
    expect(
      world.stripe
        .refunds()
        .filter((r) => r['payment_intent'] === intent.id)
        .map((r) => r['amount']),
    ).toEqual([999]);
  });

  it('ignores events of payments that are not ours, and event types it does not handle', async () => {
    const foreign = world.stripe.event('checkout.session.completed', {
      id: 'cs_test_foreign',
      object: 'checkout.session',
      amount_total: 100,
      currency: 'usd',
      metadata: {},
      payment_status: 'paid',
      payment_intent: 'pi_test_foreign',
      status: 'complete',
    });
    expect((await world.deliver(foreign)).body).toMatchObject({ result: 'not_ours' });
    const other = world.stripe.event('customer.created', { id: 'cus_test_1', object: 'customer' });
    expect((await world.deliver(other)).body).toMatchObject({ result: 'ignored' });
  });
});

describe('never-again 9: webhooks are not replayable, deduplicated, never revive, compare amounts and see dashboard refunds', () => {
  it('a delivery signed more than 300 s ago is refused; the same event id is applied once', async () => {
    const renter = await world.account();
    const { contract, checkout, event } = await paidAtStripe(renter);
    const stale = new Date(world.clock.now().getTime() - 301_000);
    const replayed = await world.deliver(event, { timestamp: stale });
    expect(replayed).toMatchObject({ status: 400, body: { code: 'webhook_signature_invalid' } });
    expect(String(replayed.body['detail'])).toContain('tolerance');
    expect(await getContract(renter.client, { id: contract.id })).toMatchObject({
      payment_status: 'pending',
      paid: 0,
    });
    const recent = new Date(world.clock.now().getTime() - 299_000);
    expect(await world.deliver(event, { timestamp: recent })).toMatchObject({
      status: 200,
      body: { duplicate: false, result: 'applied' },
    });
    expect(await world.deliver(event)).toMatchObject({ status: 200, body: { duplicate: true } });
    expect(await getContract(renter.client, { id: contract.id })).toMatchObject({
      payment_status: 'succeeded',
      paid: 1000,
    });
    expect(await receiptsOf(world, checkout.payment.id)).toHaveLength(1);
  });

  it('"paid" is never re-applied to a refunded contract nor to an expired one: the late money goes back', async () => {
    // Refunded: paid, cancelled before delivery (refunded in full), then the completion comes
    // again under a new event id.
    const refunded = await world.account();
    const paid = await paidAtStripe(refunded);
    await world.deliver(paid.event);
    await cancelContract(refunded.client, { id: paid.contract.id, body: {} });
    await eventually(async () => {
      const [row] = await refundsOf(world, paid.contract.id);
      return row?.status === 'succeeded' ? row : undefined;
    }, 'the cancellation refund');
    const again = world.stripe.event(
      'checkout.session.completed',
      world.stripe.state.session(paid.sessionId),
    );
    expect((await world.deliver(again)).body).toMatchObject({
      duplicate: false,
      result: 'unchanged',
    });
    expect(await getContract(refunded.client, { id: paid.contract.id })).toMatchObject({
      status: 'cancelled',
      payment_status: 'refunded',
      paid: 1000,
      refunded: 1000,
    });
    expect(await receiptsOf(world, paid.checkout.payment.id)).toHaveLength(1);
    expect(
      world.stripe.refunds().filter((r) => r['payment_intent'] === paid.intent.id),
    ).toHaveLength(1);

    // Expired: the unpaid request times out, then the customer pays the still open checkout.
    const renter = await world.account();
    const { contract, checkout, sessionId } = await rentByCard(renter, await usdOffering(provider));
    world.clock.advance(2);
    await runSweeps(world.server.database.db, world.clock.now(), sweepSettings(loadConfig({})), {
      info: () => {},
      error: () => {},
    });
    expect((await getContract(renter.client, { id: contract.id })).status).toBe('expired');
    const late = world.stripe.complete(sessionId);
    expect((await world.deliver(late.event)).body).toMatchObject({ result: 'late' });
    expect(await getContract(renter.client, { id: contract.id })).toMatchObject({
      status: 'expired',
      paid: 0,
    });
    expect(await getPayment(renter.client, { id: checkout.payment.id })).toMatchObject({
      status: 'late',
      received: 1000,
      refunded: 1000,
    });
    await eventually(async () => {
      const made = world.stripe.refunds().filter((r) => r['payment_intent'] === late.intent.id);
      return made.length === 1 && made[0]?.['amount'] === 1000 ? made : undefined;
    }, 'the refund of the late payment');
  });

  it('the amount paid is compared with the amount owed: a short payment holds the contract and alerts', async () => {
    const renter = await world.account();
    const { contract, checkout, sessionId } = await rentByCard(renter, await usdOffering(provider));
    const short = world.stripe.complete(sessionId, 999);
    expect((await world.deliver(short.event)).body).toMatchObject({ result: 'held' });
    expect(await getContract(renter.client, { id: contract.id })).toMatchObject({
      payment_status: 'pending',
      paid: 0,
    });
    expect((await alertsOf(world, checkout.payment.id)).map((a) => a.kind)).toEqual([
      'amount_mismatch',
    ]);
  });

  it('a refund made in the Stripe dashboard is recorded against the contract', async () => {
    const renter = await world.account();
    const { contract, charge, event } = await paidAtStripe(renter);
    await world.deliver(event);
    const { refund, event: refundedEvent } = world.stripe.dashboardRefund(charge.id, 400);
    expect((await world.deliver(refundedEvent)).body).toMatchObject({ result: 'reconciled' });
    expect(await getContract(renter.client, { id: contract.id })).toMatchObject({
      payment_status: 'partially_refunded',
      refunded: 400,
    });
    expect(await refundsOf(world, contract.id)).toMatchObject([
      { amount: 400n, source: 'dashboard', provider_refund_id: refund.id },
    ]);
  });
});
