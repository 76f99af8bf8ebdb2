import { money } from '@dc/pricing';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RailError, WebhookRejected } from '../../src/payments/rail';
import { StripeCardRail } from '../../src/stripe/card-rail';
import { createStripeClient } from '../../src/stripe/client';
import { type FakeStripe, parseStripeForm, startFakeStripe } from '../support/fake-stripe';

let fake: FakeStripe;
let rail: StripeCardRail;
const now = new Date('2026-03-01T09:00:00Z');

beforeAll(async () => {
  fake = await startFakeStripe({ now: () => now });
  rail = new StripeCardRail({
    secretKey: fake.secretKey,
    webhookSecret: fake.webhookSecret,
    apiUrl: fake.url,
    timeoutMs: 5000,
  });
});
afterAll(() => fake?.stop());

const returnUrls = { success: 'https://example.test/ok', cancel: 'https://example.test/no' };

function charge(paymentId: string, amount = money(1000n, 'USD')) {
  return rail.charge({
    paymentId,
    accountId: 'acct',
    contractId: null,
    purpose: 'wallet_topup',
    amount,
    description: 'Wallet top-up',
    idempotencyKey: `checkout:${paymentId}`,
    returnUrls,
    now,
  });
}

describe('stripe-node against the fake Stripe', () => {
  it('parses form bodies in Stripe bracket notation', () => {
    expect(
      parseStripeForm(
        'line_items[0][quantity]=1&line_items[0][price_data][currency]=usd&metadata[a]=b&mode=payment',
      ),
    ).toEqual({
      line_items: [{ quantity: '1', price_data: { currency: 'usd' } }],
      metadata: { a: 'b' },
      mode: 'payment',
    });
  });

  it('creates a Checkout Session in Stripe units (zero-decimal JPY, ISK with 00) with our metadata', async () => {
    const usd = await charge('pay-usd');
    expect(usd).toMatchObject({
      kind: 'redirect',
      url: expect.stringContaining('/c/pay/cs_test_'),
    });
    const session = fake.state.session(usd.kind === 'redirect' ? usd.reference : '');
    expect(session).toMatchObject({
      object: 'checkout.session',
      amount_total: 1000,
      currency: 'usd',
      metadata: { dc_payment_id: 'pay-usd', dc_purpose: 'wallet_topup' },
      client_reference_id: 'pay-usd',
    });
    const jpy = await charge('pay-jpy', money(500n, 'JPY'));
    expect(fake.state.session(jpy.kind === 'redirect' ? jpy.reference : '')['amount_total']).toBe(
      500,
    );
    const isk = await charge('pay-isk', money(5n, 'ISK'));
    expect(fake.state.session(isk.kind === 'redirect' ? isk.reference : '')['amount_total']).toBe(
      500,
    );
  });

  it('returns the same session for a repeated idempotency key', async () => {
    const first = await charge('pay-same');
    const second = await charge('pay-same');
    expect(second).toEqual(first);
    expect(fake.requestsTo('POST', '/v1/checkout/sessions').at(-1)?.idempotencyKey).toBe(
      'checkout:pay-same',
    );
  });

  it('refunds once per idempotency key, and refuses the key with other parameters', async () => {
    const opened = await charge('pay-refund');
    if (opened.kind !== 'redirect') throw new Error('expected a redirect');
    const { intent } = fake.complete(opened.reference);
    const request = {
      refundId: 'refund-row-1',
      idempotencyKey: 'refund:c1:cancel',
      amount: money(400n, 'USD'),
      accountId: 'acct',
      contractId: 'c1',
      paymentReference: intent.id,
      memo: 'cancel',
      retry: false,
      now,
    };
    const first = await rail.refund(request);
    const again = await rail.refund(request);
    expect(again.reference).toBe(first.reference);
    expect(fake.refunds().filter((r) => r['payment_intent'] === intent.id)).toHaveLength(1);
    // A retry after Stripe forgot the key finds the first refund by our metadata.
    const retried = await rail.refund({ ...request, idempotencyKey: 'forgotten-key', retry: true });
    expect(retried.reference).toBe(first.reference);
    const conflict = rail.refund({ ...request, amount: money(500n, 'USD') });
    await expect(conflict).rejects.toBeInstanceOf(RailError);
    await expect(conflict).rejects.toMatchObject({ retryable: false });
    const tooMuch = rail.refund({
      ...request,
      idempotencyKey: 'refund:c1:other',
      amount: money(700n, 'USD'),
    });
    await expect(tooMuch).rejects.toMatchObject({
      retryable: false,
      message: expect.stringContaining('amount_too_large'),
    });
  });

  it('verifies signed events with the 300 s tolerance and refuses a wrong secret', () => {
    const event = fake.event('checkout.session.expired', {
      id: 'cs_x',
      object: 'checkout.session',
    });
    const payload = JSON.stringify(event);
    const body = new TextEncoder().encode(payload);
    expect(rail.verifyWebhook(body, fake.sign(payload), now).id).toBe(event.id);
    const old = fake.sign(payload, { timestamp: new Date(now.getTime() - 301_000) });
    expect(() => rail.verifyWebhook(body, old, now)).toThrow(WebhookRejected);
    expect(() => rail.verifyWebhook(body, old, now)).toThrow(/tolerance/);
    const forged = fake.sign(payload, { secret: 'whsec_wrong' });
    expect(() => rail.verifyWebhook(body, forged, now)).toThrow(/No signatures found matching/);
    expect(() => rail.verifyWebhook(body, undefined, now)).toThrow(/missing/);
  });

  it('answers with an authentication error for a wrong key', async () => {
    const wrong = new StripeCardRail({
      secretKey: 'sk_test_wrong',
      webhookSecret: fake.webhookSecret,
      apiUrl: fake.url,
      timeoutMs: 5000,
    });
    await expect(wrong.session('cs_missing')).rejects.toMatchObject({ retryable: false });
  });

  it('lists transfers like "List all transfers" and forgets idempotency keys after 24 hours', async () => {
    let clock = new Date('2026-03-01T09:00:00Z');
    const moving = await startFakeStripe({ now: () => clock });
    try {
      const stripe = createStripeClient({
        secretKey: moving.secretKey,
        apiUrl: moving.url,
        timeoutMs: 5000,
      });
      const send = (group: string, destination: string, key: string) =>
        stripe.transfers.create(
          { amount: 100, currency: 'usd', destination, transfer_group: group },
          { idempotencyKey: key },
        );
      const first = await send('payout_a', 'acct_one', 'payout:a');
      clock = new Date(clock.getTime() + 1000);
      await send('payout_b', 'acct_one', 'payout:b');
      clock = new Date(clock.getTime() + 1000);
      const third = await send('payout_a', 'acct_two', 'payout:c');
      // The same key within 24 hours: the first answer again.
      expect((await send('payout_a', 'acct_one', 'payout:a')).id).toBe(first.id);

      const ids = async (params: Stripe.TransferListParams) =>
        (await stripe.transfers.list(params)).data.map((t) => t.id);
      expect(await ids({ transfer_group: 'payout_a' })).toEqual([third.id, first.id]);
      expect(await ids({ transfer_group: 'payout_a', destination: 'acct_one' })).toEqual([
        first.id,
      ]);
      expect(await ids({ created: { lt: third.created } })).toHaveLength(2);
      const page = await stripe.transfers.list({ limit: 1 });
      expect([page.data[0]?.id, page.has_more]).toEqual([third.id, true]);
      const next = await stripe.transfers.list({ limit: 2, starting_after: third.id });
      expect(next.data).toHaveLength(2);
      expect(next.has_more).toBe(false);
      expect((await stripe.transfers.list({ transfer_group: 'payout_a' })).data[0]).toMatchObject({
        object: 'transfer',
        transfer_group: 'payout_a',
        destination: 'acct_two',
      });

      // 24 hours later Stripe has pruned the key: the same request makes a second transfer.
      clock = new Date(clock.getTime() + 24 * 3_600_000);
      expect((await send('payout_a', 'acct_one', 'payout:a')).id).not.toBe(first.id);
      expect(await ids({ transfer_group: 'payout_a', destination: 'acct_one' })).toHaveLength(2);
    } finally {
      await moving.stop();
    }
  });
});
