import {
  acceptContract,
  cancelContract,
  createExtensionCheckout,
  extendContract,
  getContract,
  getPayment,
  issueContractInvoices,
} from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver, HOUR, key, rent } from '../contracts/_http';
import { bill, consumerIn, SELLER_ENV } from '../invoices/_world';
import { FakeVies } from '../invoices/fake-vies';
import { problemOf, type TestAccount } from '../offerings/_support';
import { eurOffering } from '../vat/_vat';
import { receiptsOf, refundsOf, rentByCard } from './_card';
import { eventually, type PaymentWorld, paymentWorld, sessionIdOf } from './_world';

// A German seller: a DE consumer pays EUR 10.00 a month + 19 % VAT by card.
let vies: FakeVies;
let world: PaymentWorld;
let provider: TestAccount;
beforeAll(async () => {
  vies = new FakeVies();
  await vies.start();
  world = await paymentWorld({ ...SELLER_ENV, DC_VIES_URL: vies.url });
  provider = await world.provider();
});
afterAll(async () => {
  await world?.stop();
  await vies?.stop();
});

/** A card rental of 720 h, paid (EUR 11.90), accepted and delivered. */
async function deliveredCardRental() {
  const renter = await world.account();
  await bill(renter, consumerIn('DE'));
  const rented = await rentByCard(renter, await eurOffering(provider, 1000));
  const paid = world.stripe.complete(rented.sessionId);
  await world.deliver(paid.event);
  await acceptContract(provider.client, { id: rented.contract.id });
  await deliver(world, rented.contract.id);
  const contract = await getContract(renter.client, { id: rented.contract.id });
  return { renter, contract, rentalIntent: paid.intent.id };
}

/** Opens the checkout of `hours` more of `contractId`. */
async function extensionCheckout(
  renter: TestAccount,
  contractId: string,
  hours: number,
  idempotencyKey = key('extend'),
) {
  const checkout = await createExtensionCheckout(renter.client, {
    id: contractId,
    body: { hours, idempotency_key: idempotencyKey },
  });
  return { ...checkout, sessionId: sessionIdOf(checkout.checkout_url), idempotencyKey };
}

const segmentsOf = (contractId: string) =>
  world.server.database.db
    .selectFrom('contract_segments')
    .select(['seq', 'hours', 'amount', 'vat'])
    .where('contract_id', '=', contractId)
    .orderBy('seq')
    .execute();

describe('extending a card-paid contract', () => {
  it('charges the extension with the contract VAT on its own checkout and adds it once, when paid', async () => {
    const { renter, contract } = await deliveredCardRental();
    const wallet = await problemOf(
      extendContract(renter.client, {
        id: contract.id,
        body: { hours: 72, idempotency_key: key('extend') },
      }),
    );
    expect(wallet).toMatchObject({ status: 409, code: 'card_extension_needs_checkout' });

    // 72 h at EUR 10.00 / 720 h = 1.00 net, + 19 % = 1.19.
    const checkout = await extensionCheckout(renter, contract.id, 72);
    expect(checkout.payment).toMatchObject({
      purpose: 'extension',
      contract_id: contract.id,
      amount: 119,
      currency: 'EUR',
      extension_hours: 72,
      status: 'pending',
    });
    expect(world.stripe.state.session(checkout.sessionId)).toMatchObject({ amount_total: 119 });
    const again = await createExtensionCheckout(renter.client, {
      id: contract.id,
      body: { hours: 72, idempotency_key: checkout.idempotencyKey },
    });
    expect(again.checkout_url).toBe(checkout.checkout_url);
    const reused = await problemOf(
      createExtensionCheckout(renter.client, {
        id: contract.id,
        body: { hours: 24, idempotency_key: checkout.idempotencyKey },
      }),
    );
    expect(reused).toMatchObject({ status: 409, code: 'idempotency_key_reused' });
    // Nothing is added before the money arrives.
    expect(await getContract(renter.client, { id: contract.id })).toMatchObject({
      paid: 1000,
      term_end: contract.term_end,
    });

    const { event } = world.stripe.complete(checkout.sessionId);
    const session = world.stripe.state.session(checkout.sessionId);
    // The same event many times, at once, and other events about the same completed session
    // (a late resend): one segment.
    const answers = await Promise.all([
      ...Array.from({ length: 4 }, () => world.deliver(event)),
      ...Array.from({ length: 3 }, () =>
        world.deliver(world.stripe.event('checkout.session.completed', session)),
      ),
    ]);
    expect(answers.filter((a) => a.body['result'] === 'applied')).toHaveLength(1);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(await segmentsOf(contract.id)).toEqual([
      { seq: 1, hours: 720, amount: 1000n, vat: 190n },
      { seq: 2, hours: 72, amount: 100n, vat: 19n },
    ]);
    const extended = await getContract(renter.client, { id: contract.id });
    expect(extended).toMatchObject({ paid: 1100, vat_paid: 209, payment_status: 'succeeded' });
    expect(new Date(extended.term_end ?? 0).getTime()).toBe(
      new Date(contract.term_end ?? 0).getTime() + 72 * HOUR,
    );
    expect(await getPayment(renter.client, { id: checkout.payment.id })).toMatchObject({
      status: 'succeeded',
      received: 119,
    });
    expect(await receiptsOf(world, checkout.payment.id)).toHaveLength(1);
    // Its invoice is the extension's payment: 1.00 + 0.19, paid by its own PaymentIntent.
    const { items } = await issueContractInvoices(renter.client, { id: contract.id });
    const invoice = items.find((doc) => doc.net === 100);
    expect(invoice).toMatchObject({ vat: 19, total: 119 });
    expect(invoice?.payment_reference).toBe(
      `card payment ${world.stripe.state.session(checkout.sessionId)['payment_intent']}`,
    );
  });

  it('leaves the contract unchanged when the extension checkout expires', async () => {
    const { renter, contract } = await deliveredCardRental();
    const checkout = await extensionCheckout(renter, contract.id, 24);
    expect((await world.deliver(world.stripe.expire(checkout.sessionId))).body).toMatchObject({
      result: 'expired',
    });
    expect(await getContract(renter.client, { id: contract.id })).toMatchObject({
      status: contract.status,
      payment_status: 'succeeded',
      paid: 1000,
      term_end: contract.term_end,
    });
    expect(await getPayment(renter.client, { id: checkout.payment.id })).toMatchObject({
      status: 'expired',
    });
    expect(await segmentsOf(contract.id)).toHaveLength(1);
  });

  it('refunds an extension paid after the contract ended, never adding it', async () => {
    const { renter, contract } = await deliveredCardRental();
    const checkout = await extensionCheckout(renter, contract.id, 72);
    await cancelContract(renter.client, { id: contract.id, body: {} });
    const { intent, event } = world.stripe.complete(checkout.sessionId);
    expect((await world.deliver(event)).body).toMatchObject({ result: 'late' });
    expect(await segmentsOf(contract.id)).toHaveLength(1);
    expect(await getPayment(renter.client, { id: checkout.payment.id })).toMatchObject({
      status: 'late',
      refunded: 119,
    });
    await eventually(async () => {
      const made = world.stripe.refunds().filter((r) => r['payment_intent'] === intent.id);
      return made.length > 0 ? made : undefined;
    }, 'the refund of the late extension');
    expect(
      world.stripe
        .refunds()
        .filter((r) => r['payment_intent'] === intent.id)
        .map((r) => r['amount']),
    ).toEqual([119]);
  });

  it('refunds a cancelled extended contract to the rental and the extension payments, each within its own', async () => {
    const { renter, contract, rentalIntent } = await deliveredCardRental();
    const checkout = await extensionCheckout(renter, contract.id, 720);
    const { intent: extensionIntent, event } = world.stripe.complete(checkout.sessionId);
    await world.deliver(event);
    // Cancelled at once: 1440 h unused, EUR 20.00 + 3.80 VAT, more than either payment took.
    const cancelled = await cancelContract(renter.client, { id: contract.id, body: {} });
    expect([cancelled.refund, cancelled.refund_vat]).toEqual([2000, 380]);
    const rows = await eventually(async () => {
      const all = await refundsOf(world, contract.id);
      return all.length === 2 && all.every((r) => r.status === 'succeeded') ? all : undefined;
    }, 'both refunds');
    expect(rows.map((r) => [r.amount, r.vat, r.whole_amount])).toEqual([
      [1190n, 190n, 2380n],
      [1190n, 190n, 2380n],
    ]);
    const byIntent = (id: string) =>
      world.stripe
        .refunds()
        .filter((r) => r['payment_intent'] === id)
        .map((r) => r['amount']);
    expect(byIntent(extensionIntent.id)).toEqual([1190]);
    expect(byIntent(rentalIntent)).toEqual([1190]);
    expect(await getContract(renter.client, { id: contract.id })).toMatchObject({
      refunded: 2000,
      vat_refunded: 380,
      payment_status: 'refunded',
    });
  });

  it('pauses the contract for a dispute of the extension charge: no cancellation for a refund on top', async () => {
    const { renter, contract } = await deliveredCardRental();
    const checkout = await extensionCheckout(renter, contract.id, 72);
    const { charge, event } = world.stripe.complete(checkout.sessionId);
    await world.deliver(event);
    const { dispute, event: opened } = world.stripe.openDispute(charge.id);
    expect((await world.deliver(opened)).body).toMatchObject({ result: 'dispute_open' });
    expect(await getContract(renter.client, { id: contract.id })).toMatchObject({
      status: 'paused',
      payment_status: 'disputed',
    });
    const cancel = await problemOf(cancelContract(renter.client, { id: contract.id, body: {} }));
    expect(cancel.status).toBe(409);
    await world.deliver(world.stripe.closeDispute(dispute.id, 'lost'));
    expect(await getContract(renter.client, { id: contract.id })).toMatchObject({
      payment_status: 'charged_back',
      refunded: 0,
    });
    expect(await refundsOf(world, contract.id)).toEqual([]);
  });

  it('is refused for a wallet contract and for someone else', async () => {
    const renter = await world.account();
    await bill(renter, consumerIn('DE'));
    await world.fund(renter, 5000, 'EUR');
    const offering = await eurOffering(provider, 1000);
    const byWallet = await rent(renter, offering);
    const refused = await problemOf(
      createExtensionCheckout(renter.client, {
        id: byWallet.id,
        body: { hours: 24, idempotency_key: key('extend') },
      }),
    );
    expect(refused).toMatchObject({ status: 409, code: 'not_card_payment' });
    const { contract } = await deliveredCardRental();
    const stranger = await world.account();
    const forbidden = await problemOf(
      createExtensionCheckout(stranger.client, {
        id: contract.id,
        body: { hours: 24, idempotency_key: key('extend') },
      }),
    );
    expect([403, 404]).toContain(forbidden.status);
  });
});
