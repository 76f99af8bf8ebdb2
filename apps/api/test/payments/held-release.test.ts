import {
  getContract,
  getPayment,
  listPaymentAlerts,
  type PaymentAlert,
  releaseHeldPayment,
} from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usdOffering } from '../contracts/_http';
import { inboxOf } from '../notifications/_world';
import { problemOf, type TestAccount } from '../offerings/_support';
import { refundsOf, rentByCard } from './_card';
import { balanceOf, eventually, type PaymentWorld, paymentWorld, startTopUp } from './_world';

let world: PaymentWorld;
let provider: TestAccount;
beforeAll(async () => {
  world = await paymentWorld();
  provider = await world.provider();
});
afterAll(() => world?.stop());

/** A USD 10.00 card rental whose card paid `paid` cents instead: held. */
async function heldRental(paid: number) {
  const renter = await world.account();
  const rented = await rentByCard(renter, await usdOffering(provider));
  const { intent, event } = world.stripe.complete(rented.sessionId, paid);
  expect((await world.deliver(event)).body).toMatchObject({ result: 'held' });
  return { renter, ...rented, intent };
}

const stripeRefunds = (intentId: string) =>
  world.stripe
    .refunds()
    .filter((r) => r['payment_intent'] === intentId)
    .map((r) => r['amount']);

async function waitForRefunds(contractId: string, count: number) {
  return eventually(async () => {
    const rows = await refundsOf(world, contractId);
    return rows.length === count && rows.every((r) => r.status === 'succeeded') ? rows : undefined;
  }, `${count} card refunds`);
}

describe('releasing a held payment', () => {
  it('applies an overpayment to its contract and refunds the excess, once, with who, when and why', async () => {
    const { renter, contract, checkout, intent } = await heldRental(1500);
    const alerts = await listPaymentAlerts(world.admin.client, {
      payment_id: checkout.payment.id,
    });
    expect(alerts.items).toEqual([
      expect.objectContaining({
        kind: 'amount_mismatch',
        payment_status: 'held',
        released_at: null,
        released_by: null,
      }),
    ]);

    const body = { action: 'apply', note: 'customer paid 5.00 too much; keep the rental' } as const;
    const release = await releaseHeldPayment(world.admin.client, {
      id: checkout.payment.id,
      body,
    });
    expect(release).toMatchObject({
      action: 'apply',
      released_by: world.admin.username,
      released_at: world.clock.now().toISOString(),
      note: body.note,
      payment: { status: 'succeeded', received: 1500, refunded: 500 },
    });
    expect(release.refund_ids).toHaveLength(1);
    expect(await getContract(renter.client, { id: contract.id })).toMatchObject({
      payment_status: 'succeeded',
      paid: 1000,
    });
    const [refund] = await waitForRefunds(contract.id, 1);
    expect(refund).toMatchObject({
      id: release.refund_ids[0],
      amount: 500n,
      reason: 'overpayment',
    });
    expect(stripeRefunds(intent.id)).toEqual([500]);

    // Asked again: the same release, nothing moves; the other action is refused.
    const again = await releaseHeldPayment(world.admin.client, { id: checkout.payment.id, body });
    expect(again).toMatchObject({
      released_at: release.released_at,
      refund_ids: release.refund_ids,
    });
    const other = await problemOf(
      releaseHeldPayment(world.admin.client, {
        id: checkout.payment.id,
        body: { action: 'refund', note: 'changed my mind' },
      }),
    );
    expect(other).toMatchObject({ status: 409, code: 'payment_already_released' });
    expect(await refundsOf(world, contract.id)).toHaveLength(1);
    const after = await listPaymentAlerts(world.admin.client, { payment_id: checkout.payment.id });
    expect(after.items[0]).toMatchObject({
      payment_status: 'succeeded',
      released_at: release.released_at,
      released_by: world.admin.username,
      release_note: body.note,
    });
  });

  it('refunds a short payment in full; applying it is refused', async () => {
    const { contract, checkout, intent, renter } = await heldRental(700);
    const short = await problemOf(
      releaseHeldPayment(world.admin.client, {
        id: checkout.payment.id,
        body: { action: 'apply', note: 'try' },
      }),
    );
    expect(short).toMatchObject({ status: 409, code: 'payment_short' });
    const body = { action: 'refund', note: 'paid 7.00 of 10.00' } as const;
    const release = await releaseHeldPayment(world.admin.client, {
      id: checkout.payment.id,
      body,
    });
    expect(release).toMatchObject({ action: 'refund', payment: { status: 'held', refunded: 700 } });
    await releaseHeldPayment(world.admin.client, { id: checkout.payment.id, body });
    await waitForRefunds(contract.id, 1);
    expect(stripeRefunds(intent.id)).toEqual([700]);
    // The contract never had the money: still waiting for its payment, nothing refunded on it.
    expect(await getContract(renter.client, { id: contract.id })).toMatchObject({
      payment_status: 'pending',
      paid: 0,
      refunded: 0,
    });
  });

  it('applies a held top-up to the wallet, everything received; only held payments are released', async () => {
    const renter = await world.account();
    const topUp = await startTopUp(renter, 2500);
    await world.deliver(world.stripe.complete(topUp.sessionId, 3000).event);
    const refund = await problemOf(
      releaseHeldPayment(world.admin.client, {
        id: topUp.payment.id,
        body: { action: 'refund', note: 'x' },
      }),
    );
    expect(refund).toMatchObject({ status: 409, code: 'top_up_refund_in_dashboard' });
    await releaseHeldPayment(world.admin.client, {
      id: topUp.payment.id,
      body: { action: 'apply', note: 'paid 30.00 for a 25.00 top-up' },
    });
    expect(await balanceOf(renter)).toBe(3000);
    expect(await getPayment(renter.client, { id: topUp.payment.id })).toMatchObject({
      status: 'succeeded',
      received: 3000,
    });

    const paid = await startTopUp(renter, 1000);
    await world.deliver(world.stripe.complete(paid.sessionId).event);
    const notHeld = await problemOf(
      releaseHeldPayment(world.admin.client, {
        id: paid.payment.id,
        body: { action: 'apply', note: 'x' },
      }),
    );
    expect(notHeld).toMatchObject({ status: 409, code: 'payment_not_held' });
    const someone = await world.account();
    expect(
      await problemOf(
        releaseHeldPayment(someone.client, {
          id: paid.payment.id,
          body: { action: 'apply', note: 'x' },
        }),
      ),
    ).toMatchObject({ status: 403 });
  });
});

describe('a held payment refunded in the Stripe dashboard', () => {
  it('cannot be applied, and a release that refunds gives back only the rest', async () => {
    const { renter, contract, checkout, intent } = await heldRental(1200);
    const charge = String(intent['latest_charge']);
    const { event } = world.stripe.dashboardRefund(charge, 500);
    expect((await world.deliver(event)).body).toMatchObject({ result: 'reconciled' });
    // Delivered again: the same refund is not counted twice.
    await world.deliver(world.stripe.event('charge.refunded', world.stripe.state.charge(charge)));
    expect(await getPayment(renter.client, { id: checkout.payment.id })).toMatchObject({
      status: 'held',
      received: 1200,
      refunded: 500,
    });
    const apply = await problemOf(
      releaseHeldPayment(world.admin.client, {
        id: checkout.payment.id,
        body: { action: 'apply', note: 'owed 10.00' },
      }),
    );
    expect(apply).toMatchObject({ status: 409, code: 'payment_refunded' });
    expect(apply.detail).toContain('5.00 USD');
    await releaseHeldPayment(world.admin.client, {
      id: checkout.payment.id,
      body: { action: 'refund', note: 'the rest' },
    });
    await waitForRefunds(contract.id, 1);
    expect(stripeRefunds(intent.id)).toEqual([500, 700]);
    expect(await getContract(renter.client, { id: contract.id })).toMatchObject({ paid: 0 });
  });

  it('is released as refunded once all of a held top-up is back, and never credited', async () => {
    const renter = await world.account();
    const topUp = await startTopUp(renter, 2500);
    const { intent, event: paid } = world.stripe.complete(topUp.sessionId, 3000);
    await world.deliver(paid);
    const { event } = world.stripe.dashboardRefund(String(intent['latest_charge']), 3000);
    await world.deliver(event);
    expect(await getPayment(renter.client, { id: topUp.payment.id })).toMatchObject({
      refunded: 3000,
    });
    const { items } = await listPaymentAlerts(world.admin.client, {
      payment_id: topUp.payment.id,
    });
    expect(items.map((a) => a.kind).sort()).toEqual(['amount_mismatch', 'dashboard_refund']);
    expect(items.find((a) => a.kind === 'amount_mismatch')).toMatchObject({
      released_by: 'stripe-dashboard',
    });
    const apply = await problemOf(
      releaseHeldPayment(world.admin.client, {
        id: topUp.payment.id,
        body: { action: 'apply', note: 'x' },
      }),
    );
    expect(apply).toMatchObject({ status: 409, code: 'payment_already_released' });
    expect(await balanceOf(renter)).toBe(0);
    const notices = (await inboxOf(renter.client)).filter((n) => n.event === 'refund_issued');
    expect(notices).toHaveLength(1);
    expect(notices[0]?.body).toContain('30.00 USD was refunded to your card.');
  });
});

describe('payment alerts for admins', () => {
  it('pages newest first and filters by kind, payment and what is still held', async () => {
    const first = await heldRental(900);
    world.clock.advance(1 / 60);
    const second = await heldRental(1100);
    const pages: PaymentAlert[] = [];
    let cursor: string | undefined;
    do {
      const page = await listPaymentAlerts(world.admin.client, {
        kind: 'amount_mismatch',
        limit: 1,
        ...(cursor === undefined ? {} : { cursor }),
      });
      expect(page.items.length).toBeLessThanOrEqual(1);
      pages.push(...page.items);
      cursor = page.next_cursor ?? undefined;
    } while (cursor !== undefined);
    const ids = pages.map((alert) => alert.payment_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.indexOf(second.checkout.payment.id)).toBeLessThan(
      ids.indexOf(first.checkout.payment.id),
    );
    expect(pages.every((alert) => alert.kind === 'amount_mismatch')).toBe(true);

    const held = await listPaymentAlerts(world.admin.client, {
      unreleased_only: 'true',
      limit: 100,
    });
    const heldIds = held.items.map((alert) => alert.payment_id);
    expect(heldIds).toEqual(
      expect.arrayContaining([first.checkout.payment.id, second.checkout.payment.id]),
    );
    expect(held.items.every((alert) => alert.payment_status === 'held')).toBe(true);
    await releaseHeldPayment(world.admin.client, {
      id: first.checkout.payment.id,
      body: { action: 'refund', note: 'refund it' },
    });
    const still = await listPaymentAlerts(world.admin.client, {
      unreleased_only: 'true',
      limit: 100,
    });
    expect(still.items.map((alert) => alert.payment_id)).not.toContain(first.checkout.payment.id);

    const someone = await world.account();
    expect(await problemOf(listPaymentAlerts(someone.client, {}))).toMatchObject({ status: 403 });
  });
});
