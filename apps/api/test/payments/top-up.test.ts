import { createWalletTopUp, getPayment } from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { key } from '../contracts/_http';
import { problemOf } from '../offerings/_support';
import { startTestServer } from '../support/server';
import { balanceOf, ledgerOf, type PaymentWorld, paymentWorld, startTopUp } from './_world';

let world: PaymentWorld;
beforeAll(async () => {
  world = await paymentWorld();
});
afterAll(() => world?.stop());

describe('wallet top-up by card', () => {
  it('credits the wallet once when the checkout completes, with a receipt, whatever the deliveries', async () => {
    const renter = await world.account();
    const checkout = await startTopUp(renter, 2500);
    expect(checkout.payment).toMatchObject({
      purpose: 'wallet_topup',
      status: 'pending',
      amount: 2500,
      currency: 'USD',
      received: null,
    });
    expect(world.stripe.state.session(checkout.sessionId)).toMatchObject({
      amount_total: 2500,
      currency: 'usd',
      metadata: { dc_payment_id: checkout.payment.id },
    });
    expect(await balanceOf(renter)).toBe(0);

    const { event } = world.stripe.complete(checkout.sessionId);
    const first = await world.deliver(event);
    expect(first).toMatchObject({ status: 200, body: { duplicate: false, result: 'applied' } });
    const again = await world.deliver(event);
    expect(again).toMatchObject({ status: 200, body: { duplicate: true } });

    expect(await balanceOf(renter)).toBe(2500);
    const topups = await ledgerOf(renter, 'topup');
    expect(topups).toHaveLength(1);
    expect(topups[0]).toMatchObject({ amount: 2500, reference: checkout.payment.id });
    expect(await getPayment(renter.client, { id: checkout.payment.id })).toMatchObject({
      status: 'succeeded',
      received: 2500,
      checkout_url: null,
    });
    const receipts = await world.server.database.db
      .selectFrom('mail_outbox')
      .select('key')
      .where('key', '=', `receipt:payment:${checkout.payment.id}`)
      .execute();
    expect(receipts).toHaveLength(1);
  });

  it('returns the same payment and page for a retried key, and 409 for the key reused', async () => {
    const renter = await world.account();
    const idempotencyKey = key('topup');
    const body = { currency: 'EUR', amount: 1000, idempotency_key: idempotencyKey };
    const first = await createWalletTopUp(renter.client, { body });
    const second = await createWalletTopUp(renter.client, { body });
    expect(second.payment.id).toBe(first.payment.id);
    expect(second.checkout_url).toBe(first.checkout_url);
    const reused = await problemOf(
      createWalletTopUp(renter.client, { body: { ...body, amount: 2000 } }),
    );
    expect(reused).toMatchObject({ status: 409, code: 'idempotency_key_reused' });
  });

  it('refuses less than 0.50, amounts Stripe cannot charge exactly, and names body.amount', async () => {
    const renter = await world.account();
    const top = (currency: string, amount: number) =>
      problemOf(
        createWalletTopUp(renter.client, { body: { currency, amount, idempotency_key: key('t') } }),
      );
    expect(await top('USD', 49)).toMatchObject({ status: 422, paths: ['body.amount'] });
    expect((await top('USD', 49)).detail).toContain('at least 50 minor units (0.50 USD)');
    expect(await top('KWD', 5124)).toMatchObject({ status: 422, paths: ['body.amount'] });
    // MGA has cents in ISO 4217 but none at Stripe: 5.50 MGA cannot be charged, 5.00 can.
    expect(await top('MGA', 550)).toMatchObject({ status: 422, paths: ['body.amount'] });
    expect((await startTopUp(renter, 500, 'MGA')).payment.amount).toBe(500);
    // Zero-decimal: 1 yen is the smallest top-up, sent to Stripe as 1 (not 100).
    const yen = await startTopUp(renter, 500, 'JPY');
    expect(world.stripe.state.session(yen.sessionId)['amount_total']).toBe(500);
  });

  it('never credits an expired checkout, keeps a declined card pending, and holds a wrong amount', async () => {
    const renter = await world.account();
    const expiring = await startTopUp(renter, 1000);
    expect((await world.deliver(world.stripe.expire(expiring.sessionId))).body).toMatchObject({
      result: 'expired',
    });
    expect(await getPayment(renter.client, { id: expiring.payment.id })).toMatchObject({
      status: 'expired',
    });

    const declined = await startTopUp(renter, 1500);
    await world.deliver(
      world.stripe.decline(declined.sessionId, 'Your card has insufficient funds.'),
    );
    expect(await getPayment(renter.client, { id: declined.payment.id })).toMatchObject({
      status: 'pending',
      failure: 'Your card has insufficient funds.',
    });
    await world.deliver(world.stripe.complete(declined.sessionId).event);
    expect(await balanceOf(renter)).toBe(1500);

    const short = await startTopUp(renter, 3000);
    const held = await world.deliver(world.stripe.complete(short.sessionId, 2999).event);
    expect(held.body).toMatchObject({ result: 'held' });
    expect(await getPayment(renter.client, { id: short.payment.id })).toMatchObject({
      status: 'held',
      received: 2999,
    });
    expect(await balanceOf(renter)).toBe(1500);
    const alerts = await world.server.database.db
      .selectFrom('payment_alerts')
      .select(['kind', 'detail'])
      .where('payment_id', '=', short.payment.id)
      .execute();
    expect(alerts).toEqual([{ kind: 'amount_mismatch', detail: expect.stringContaining('29.99') }]);
  });

  it('refuses a wrong secret and a replay older than 300 s with 400, changing nothing', async () => {
    const renter = await world.account();
    const checkout = await startTopUp(renter, 1000);
    const { event } = world.stripe.complete(checkout.sessionId);
    const forged = await world.deliver(event, { secret: 'whsec_not_the_secret' });
    expect(forged).toMatchObject({ status: 400, body: { code: 'webhook_signature_invalid' } });
    const stale = new Date(world.clock.now().getTime() - 301_000);
    const replayed = await world.deliver(event, { timestamp: stale });
    expect(replayed).toMatchObject({ status: 400, body: { code: 'webhook_signature_invalid' } });
    expect(String(replayed.body['detail'])).toContain('tolerance');
    expect(await balanceOf(renter)).toBe(0);
    // Within the tolerance the same event is accepted.
    const recent = new Date(world.clock.now().getTime() - 299_000);
    expect((await world.deliver(event, { timestamp: recent })).status).toBe(200);
    expect(await balanceOf(renter)).toBe(1000);
  });
});

describe('without STRIPE_SECRET_KEY', () => {
  it('answers 409 card_rail_not_configured naming the setting, and 503 at the webhook', async () => {
    const server = await startTestServer();
    try {
      const { client } = server.clientFor();
      const { registerAccount } = await import('@dc/client');
      await registerAccount(client, { body: { username: `nostripe${Date.now()}` } });
      const refused = await problemOf(
        createWalletTopUp(client, {
          body: { currency: 'USD', amount: 1000, idempotency_key: key() },
        }),
      );
      expect(refused).toMatchObject({ status: 409, code: 'card_rail_not_configured' });
      expect(refused.detail).toContain('STRIPE_SECRET_KEY');
      const webhook = await fetch(`${server.url}/v1/stripe/webhook`, {
        method: 'POST',
        body: '{}',
      });
      expect(webhook.status).toBe(503);
    } finally {
      await server.stop();
    }
  });
});
