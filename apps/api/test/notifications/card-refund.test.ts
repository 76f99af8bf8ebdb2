// The card rail: the provider hears of a card rental when its payment arrives (not at rent),
// and the renter of a card refund when the rail made it, once, also after a retried attempt.

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
});
