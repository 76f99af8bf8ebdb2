import { getWallet } from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balanceOf, type PaymentWorld, paymentWorld, startTopUp } from './_world';

// The public per-IP budget is far below one burst of Stripe deliveries; the webhook has its own.
const PER_IP = 40;
const WEBHOOK_CAP = 250;

let world: PaymentWorld;
beforeAll(async () => {
  world = await paymentWorld({
    DC_RATE_LIMIT_PER_IP: String(PER_IP),
    DC_RATE_LIMIT_STRIPE_WEBHOOK: String(WEBHOOK_CAP),
  });
});
afterAll(() => world?.stop());

describe('Stripe webhook deliveries and the per-IP rate limit', () => {
  it('accepts a burst of 200 signed deliveries from one address, within a cap of their own', async () => {
    const renter = await world.account();
    const topUps = [];
    for (let i = 0; i < 10; i += 1) topUps.push(await startTopUp(renter, 100 + i));
    // 10 completions and 190 events of types the platform does not act on, all at once
    // (the test clock stands still: every request falls in the same one-minute window).
    const events = [
      ...topUps.map((topUp) => world.stripe.complete(topUp.sessionId).event),
      ...Array.from({ length: 190 }, (_, i) =>
        world.stripe.event('customer.updated', { id: `cus_test_${i}`, object: 'customer' }),
      ),
    ];
    const answers = await Promise.all(events.map((event) => world.deliver(event)));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(200);
    expect(answers.filter((answer) => answer.body['result'] === 'applied')).toHaveLength(10);

    // The burst used none of the address's public budget: the renter's own requests still pass.
    expect(await balanceOf(renter)).toBe(topUps.reduce((total, _, i) => total + 100 + i, 0));
    await getWallet(renter.client, {});

    // The webhook's own cap still holds: 250 a minute, the 51 deliveries after 200 pass it by 1.
    const more = Array.from({ length: WEBHOOK_CAP - 200 + 1 }, (_, i) =>
      world.stripe.event('customer.updated', { id: `cus_test_more_${i}`, object: 'customer' }),
    );
    const later = await Promise.all(more.map((event) => world.deliver(event)));
    expect(later.filter((answer) => answer.status === 429)).toHaveLength(1);
    expect(later.filter((answer) => answer.status === 200)).toHaveLength(WEBHOOK_CAP - 200);
  });
});
