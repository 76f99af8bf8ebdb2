import {
  acceptContract,
  cancelContract,
  createContractCheckout,
  getContract,
  getPayment,
  rentContract,
} from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { key, rent, SSH_KEY, usdOffering } from '../contracts/_http';
import { problemOf, type TestAccount } from '../offerings/_support';
import { startTestServer } from '../support/server';
import { refundsOf, rentByCard } from './_card';
import { balanceOf, eventually, type PaymentWorld, paymentWorld } from './_world';

let world: PaymentWorld;
let provider: TestAccount;
beforeAll(async () => {
  world = await paymentWorld();
  provider = await world.provider();
});
afterAll(() => world?.stop());

describe('renting by card', () => {
  it('leaves the contract unpaid until the checkout is paid, then pays it exactly once', async () => {
    const renter = await world.account();
    const offering = await usdOffering(provider, { setup_fee: 250 });
    const { contract, checkout, sessionId } = await rentByCard(renter, offering);
    expect(contract).toMatchObject({
      status: 'requested',
      payment_rail: 'card',
      payment_status: 'pending',
      paid: 0,
    });
    expect(checkout.payment).toMatchObject({
      purpose: 'contract',
      amount: 1250,
      status: 'pending',
    });
    // The checkout ends with the unpaid-request timeout (60 min by default).
    expect(checkout.expires_at).toBe(
      new Date(world.clock.now().getTime() + 3_600_000).toISOString(),
    );
    const again = await createContractCheckout(renter.client, { id: contract.id, body: {} });
    expect(again.checkout_url).toBe(checkout.checkout_url);
    const unpaid = await problemOf(acceptContract(provider.client, { id: contract.id }));
    expect(unpaid).toMatchObject({ status: 409 });

    const { event } = world.stripe.complete(sessionId);
    expect((await world.deliver(event)).body).toMatchObject({ result: 'applied' });
    expect((await world.deliver(event)).body).toMatchObject({ duplicate: true });
    expect(await getContract(renter.client, { id: contract.id })).toMatchObject({
      payment_status: 'succeeded',
      paid: 1250,
    });
    expect(await balanceOf(renter)).toBe(0);
    await acceptContract(provider.client, { id: contract.id });
    const receipts = await world.server.database.db
      .selectFrom('mail_outbox')
      .select('key')
      .where('key', '=', `receipt:payment:${checkout.payment.id}`)
      .execute();
    expect(receipts).toHaveLength(1);
    const paidAgain = await problemOf(
      createContractCheckout(renter.client, { id: contract.id, body: {} }),
    );
    expect(paidAgain).toMatchObject({ status: 409, code: 'payment_not_pending' });
  });

  it('auto-accepts a card rental only once it is paid', async () => {
    const renter = await world.account();
    const offering = await usdOffering(provider, { auto_accept: true });
    const { contract, sessionId } = await rentByCard(renter, offering);
    expect(contract.status).toBe('requested');
    await world.deliver(world.stripe.complete(sessionId).event);
    expect(await getContract(renter.client, { id: contract.id })).toMatchObject({
      status: 'accepted',
      payment_status: 'succeeded',
    });
  });

  it('fails the payment of an expired checkout, and refuses a checkout for a wallet contract', async () => {
    const renter = await world.account();
    const offering = await usdOffering(provider);
    const { contract, sessionId } = await rentByCard(renter, offering);
    await world.deliver(world.stripe.expire(sessionId));
    expect(await getContract(renter.client, { id: contract.id })).toMatchObject({
      status: 'requested',
      payment_status: 'failed',
      paid: 0,
    });
    await world.fund(renter, 1000);
    const byWallet = await rent(renter, offering);
    const refused = await problemOf(
      createContractCheckout(renter.client, { id: byWallet.id, body: {} }),
    );
    expect(refused).toMatchObject({ status: 409, code: 'not_card_payment' });
  });

  it('refunds a paid card rental to the card once, with the refund key as Idempotency-Key', async () => {
    const renter = await world.account();
    const offering = await usdOffering(provider);
    const { contract, sessionId } = await rentByCard(renter, offering);
    const { intent } = world.stripe.complete(sessionId);
    await world.deliver(
      world.stripe.event('checkout.session.completed', world.stripe.state.session(sessionId)),
    );
    const cancelled = await cancelContract(renter.client, { id: contract.id, body: {} });
    expect(cancelled).toMatchObject({
      refund: 1000,
      contract: { status: 'cancelled', refunded: 1000 },
    });
    const [refund] = await eventually(async () => {
      const rows = await refundsOf(world, contract.id);
      return rows[0]?.status === 'succeeded' ? rows : undefined;
    }, 'the card refund');
    const made = world.stripe.refunds().filter((r) => r['payment_intent'] === intent.id);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ amount: 1000, metadata: { dc_refund_id: refund?.id } });
    expect(refund).toMatchObject({ provider_refund_id: made[0]?.id, source: 'contract' });
    expect(world.stripe.requestsTo('POST', '/v1/refunds').at(-1)?.idempotencyKey).toBe(
      `refund:${contract.id}:cancel`,
    );
    expect(await balanceOf(renter)).toBe(0);
  });

  it('records a checkout paid after the contract was cancelled and refunds it in full', async () => {
    const renter = await world.account();
    const offering = await usdOffering(provider);
    const { contract, checkout, sessionId } = await rentByCard(renter, offering);
    const cancelled = await cancelContract(renter.client, { id: contract.id, body: {} });
    expect(cancelled.refund).toBe(0);
    const { intent, event } = world.stripe.complete(sessionId);
    expect((await world.deliver(event)).body).toMatchObject({ result: 'late' });
    expect((await world.deliver(event)).body).toMatchObject({ duplicate: true });
    const after = await getContract(renter.client, { id: contract.id });
    expect(after).toMatchObject({ status: 'cancelled', payment_status: 'pending', paid: 0 });
    expect(await getPayment(renter.client, { id: checkout.payment.id })).toMatchObject({
      status: 'late',
      received: 1000,
      refunded: 1000,
    });
    await eventually(async () => {
      const rows = await refundsOf(world, contract.id);
      return rows.length === 1 && rows[0]?.status === 'succeeded' ? rows : undefined;
    }, 'the refund of the late payment');
    const made = world.stripe.refunds().filter((r) => r['payment_intent'] === intent.id);
    expect(made.map((r) => r['amount'])).toEqual([1000]);
  });
});

describe('renting by card without STRIPE_SECRET_KEY', () => {
  it('answers 409 card_rail_not_configured naming body.payment_rail and creates nothing', async () => {
    const server = await startTestServer();
    try {
      const { newProvider, offer, newAccount } = await import('../offerings/_support');
      const owner = await newProvider(server);
      const offering = await offer(owner, { currency: 'USD', price_per_month: 1000 });
      const renter = await newAccount(server, 'renter');
      const refused = await problemOf(
        rentContract(renter.client, {
          body: {
            offering_id: offering.id,
            hours: 24,
            ssh_public_keys: [SSH_KEY],
            os_image: offering.os_images[0] ?? 'ubuntu-24.04',
            payment_rail: 'card',
            idempotency_key: key('rent'),
          },
        }),
      );
      expect(refused).toMatchObject({
        status: 409,
        code: 'card_rail_not_configured',
        paths: ['body.payment_rail'],
      });
      const count = await server.database.db
        .selectFrom('contracts')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(0);
    } finally {
      await server.stop();
    }
  });
});
