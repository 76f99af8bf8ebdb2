// The card rail: the provider hears of a card rental when its payment arrives (not at rent),
// and the renter of a card refund when the rail made it, once, also after a retried attempt,
// when only Stripe's charge.refunded told us it was made, and when it was made in the Stripe
// dashboard.

import { cancelContract } from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usdOffering } from '../contracts/_http';
import type { TestAccount } from '../offerings/_support';
import { rentByCard } from '../payments/_card';
import { eventually, type PaymentWorld, paymentWorld } from '../payments/_world';
import { FakeStripeError } from '../support/fake-stripe';
import { inboxOf } from './_world';

let world: PaymentWorld;
let provider: TestAccount;
beforeAll(async () => {
  world = await paymentWorld({ DC_SWEEP_INTERVAL_MS: '200' });
  provider = await world.provider();
});
afterAll(() => world?.stop());

describe('card payments and refunds', () => {
  it('tell the provider at payment and the renter once the card refund is made', async () => {
    const renter = await world.account();
    const offering = await usdOffering(provider, { price_per_month: 400, name: 'Card VM' });
    const before = (await inboxOf(provider.client)).length;
    const rented = await rentByCard(renter, offering);
    // Not paid yet: no request to act on.
    expect(await inboxOf(provider.client)).toHaveLength(before);
    await world.deliver(world.stripe.complete(rented.sessionId).event);
    const [request] = await inboxOf(provider.client);
    expect(request).toMatchObject({ event: 'contract_requested', contract_id: rented.contract.id });

    // The first refund attempt fails at Stripe; the retry succeeds: one notice.
    world.stripe.failNext(
      'POST',
      '/v1/refunds',
      new FakeStripeError(503, 'api_error', 'Stripe is temporarily unavailable.'),
    );
    const cancelled = await cancelContract(renter.client, { id: rented.contract.id, body: {} });
    expect(cancelled.refund).toBe(400);
    // The failed attempt must have started before the clock moves on: its retry is then due
    // 5 s after it, inside the 10 s below (CI once moved the clock first and waited forever).
    await eventually(
      async () =>
        world.stripe
          .requestsTo('POST', '/v1/refunds')
          .some((r) => r.idempotencyKey === `refund:${rented.contract.id}:cancel`)
          ? true
          : undefined,
      'the first refund attempt',
    );
    const pending = await inboxOf(renter.client);
    expect(pending.some((n) => n.event === 'refund_issued')).toBe(false);
    world.clock.advance(10 / 3600);
    const notices = await eventually(async () => {
      const found = (await inboxOf(renter.client)).filter((n) => n.event === 'refund_issued');
      return found.length > 0 ? found : undefined;
    }, 'the refund notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      title: 'Refund issued: 4.00 USD',
      contract_id: rented.contract.id,
      data: { amount: 400, currency: 'USD' },
    });
    expect(notices[0]?.body).toContain('to your card');
  });

  it('tell the renter of a refund made in the Stripe dashboard, once', async () => {
    const renter = await world.account();
    const offering = await usdOffering(provider, { price_per_month: 500, name: 'Dashboard VM' });
    const rented = await rentByCard(renter, offering);
    const { charge, event: paid } = world.stripe.complete(rented.sessionId);
    await world.deliver(paid);
    const { event: refunded } = world.stripe.dashboardRefund(charge.id, 200);
    expect((await world.deliver(refunded)).body).toMatchObject({ result: 'reconciled' });
    // Stripe sends charge.refunded again with a new event id: no second notice.
    const again = world.stripe.event('charge.refunded', world.stripe.state.charge(charge.id));
    await world.deliver(again);
    const notices = (await inboxOf(renter.client)).filter((n) => n.event === 'refund_issued');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      title: 'Refund issued: 2.00 USD',
      contract_id: rented.contract.id,
      data: { amount: 200, currency: 'USD' },
    });
    expect(notices[0]?.body).toContain('to your card');
  });

  it('tell the renter once when only charge.refunded says our refund was made', async () => {
    const renter = await world.account();
    const offering = await usdOffering(provider, { price_per_month: 300, name: 'Lost answer VM' });
    const rented = await rentByCard(renter, offering);
    const { charge, event: paid } = world.stripe.complete(rented.sessionId);
    await world.deliver(paid);
    // Stripe makes the refund, but its answer never reaches us: the executor will retry later.
    world.stripe.failNext(
      'POST',
      '/v1/refunds',
      new FakeStripeError(500, 'api_error', 'An error occurred with our connection to Stripe.'),
      { processed: true },
    );
    await cancelContract(renter.client, { id: rented.contract.id, body: {} });
    await eventually(
      async () =>
        world.stripe.refunds().some((r) => r['charge'] === charge.id) ? true : undefined,
      'the refund at Stripe',
    );
    expect((await inboxOf(renter.client)).some((n) => n.event === 'refund_issued')).toBe(false);
    const refunded = world.stripe.event('charge.refunded', world.stripe.state.charge(charge.id));
    expect((await world.deliver(refunded)).body).toMatchObject({ result: 'reconciled' });
    // The executor's retry finds it made: still one refund and one notice.
    world.clock.advance(1 / 60);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(world.stripe.refunds().filter((r) => r['charge'] === charge.id)).toHaveLength(1);
    const notices = (await inboxOf(renter.client)).filter((n) => n.event === 'refund_issued');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ title: 'Refund issued: 3.00 USD', data: { amount: 300 } });
  });
});
