import {
  approvePayoutBatch,
  createPayoutBatch,
  failPayoutBatch,
  getPayoutBatch,
  getProviderProfile,
  listPayableBalances,
  putProviderProfile,
  sendPayoutBatch,
} from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { key, rawSigned } from '../contracts/_http';
import { problemOf, profileBody } from '../offerings/_support';
import { type PaymentWorld, paymentWorld } from '../payments/_world';
import { FakeStripeError } from '../support/fake-stripe';
import { accrue, deliveredContract, type Seller, seller, usdBalance } from './_world';

let world: PaymentWorld;
beforeAll(async () => {
  world = await paymentWorld();
});
afterAll(() => world?.stop());

let accounts = 0;
/** A provider with a connected account who earned 139 cents (100 h of a 10.00 month, fee 0). */
async function connectedSeller(): Promise<Seller & { readonly account: string }> {
  accounts += 1;
  const account = `acct_test${process.pid}x${accounts}`;
  const provider = await seller(world, { stripeAccount: account });
  await deliveredContract(world, provider);
  world.clock.advance(100);
  await accrue(world, 0n);
  return { ...provider, account };
}

/** An approved Stripe Connect batch paying everything payable to `provider`. */
async function approvedBatch(provider: Seller) {
  const draft = await createPayoutBatch(world.admin.client, {
    body: {
      provider: provider.username,
      currency: 'USD',
      rail: 'stripe_connect',
      idempotency_key: key('payout'),
    },
  });
  await approvePayoutBatch(world.admin.client, { id: draft.id });
  return draft;
}

/** Transfers the fake Stripe made for one batch. */
function transfersOf(batchId: string) {
  return [...world.stripe.state.transfers.values()].filter(
    (t) => (t['metadata'] as Record<string, string>)['dc_payout_batch_id'] === batchId,
  );
}

function transferRequestsOf(batchId: string) {
  return world.stripe
    .requestsTo('POST', '/v1/transfers')
    .filter((r) => r.idempotencyKey === `payout:${batchId}`);
}

describe('Stripe Connect payouts', () => {
  it('one transfer to the connected account, even when send is called concurrently and again', async () => {
    const provider = await connectedSeller();
    const balances = await listPayableBalances(world.admin.client, {});
    expect(balances.items.find((b) => b.provider === provider.username)).toMatchObject({
      payable: 139,
      payout_stripe_account: provider.account,
    });
    const batch = await approvedBatch(provider);
    expect(batch).toMatchObject({ amount: 139, destination: provider.account });

    const answers = await Promise.all(
      Array.from({ length: 6 }, () => sendPayoutBatch(world.admin.client, { id: batch.id })),
    );
    expect(answers.every((a) => a.status === 'sent' || a.status === 'confirmed')).toBe(true);
    const transfers = transfersOf(batch.id);
    expect(transfers).toHaveLength(1);
    expect(transfers[0]).toMatchObject({
      amount: 139,
      currency: 'usd',
      destination: provider.account,
    });
    expect(transferRequestsOf(batch.id)).toHaveLength(1);
    const confirmed = await getPayoutBatch(world.admin.client, { id: batch.id });
    expect(confirmed).toMatchObject({
      status: 'confirmed',
      external_reference: transfers[0]?.id,
      send_attempts: 1,
    });

    // Sending a confirmed batch again does nothing at all.
    expect((await sendPayoutBatch(world.admin.client, { id: batch.id })).status).toBe('confirmed');
    expect(transferRequestsOf(batch.id)).toHaveLength(1);
    expect(await usdBalance(provider)).toMatchObject({ paid_out: 139, payable: 0 });
  });

  it('an unanswered transfer leaves the batch sent; sending again uses the same key and pays once', async () => {
    const provider = await connectedSeller();
    const batch = await approvedBatch(provider);
    world.stripe.failNext(
      'POST',
      '/v1/transfers',
      new FakeStripeError(500, 'api_error', 'An unknown error occurred'),
    );
    const unknown = await problemOf(sendPayoutBatch(world.admin.client, { id: batch.id }));
    expect([unknown.status, unknown.code]).toEqual([502, 'payout_send_unconfirmed']);
    expect(await getPayoutBatch(world.admin.client, { id: batch.id })).toMatchObject({
      status: 'sent',
      external_reference: null,
    });
    expect(await usdBalance(provider)).toMatchObject({ in_flight: 139, payable: 0 });
    // The batch cannot be failed by hand while its transfer may exist.
    const manualFail = await problemOf(
      failPayoutBatch(world.admin.client, {
        id: batch.id,
        body: { reason: 'give up' },
      }),
    );
    expect([manualFail.status, manualFail.code]).toEqual([409, 'payout_transfer_may_exist']);

    const retried = await sendPayoutBatch(world.admin.client, { id: batch.id });
    expect(retried).toMatchObject({ status: 'confirmed', send_attempts: 2, last_error: null });
    expect(transferRequestsOf(batch.id)).toHaveLength(2);
    expect(transfersOf(batch.id)).toHaveLength(1);
  });

  it('a transfer made but unanswered, sent again after Stripe forgot its key (24 h): found by its group, paid once', async () => {
    const provider = await connectedSeller();
    const batch = await approvedBatch(provider);
    // Stripe makes the transfer, the answer is lost on the way back.
    world.stripe.failNext(
      'POST',
      '/v1/transfers',
      new FakeStripeError(500, 'api_error', 'An unknown error occurred'),
      { processed: true },
    );
    const unknown = await problemOf(sendPayoutBatch(world.admin.client, { id: batch.id }));
    expect([unknown.status, unknown.code]).toEqual([502, 'payout_send_unconfirmed']);
    expect(transfersOf(batch.id)).toHaveLength(1);

    // A day and an hour later the idempotency key is gone at Stripe (the fake prunes it too):
    // only the lookup by transfer group stands between the retry and a second transfer.
    world.clock.advance(25);
    const retried = await sendPayoutBatch(world.admin.client, { id: batch.id });
    const [transfer] = transfersOf(batch.id);
    expect(retried).toMatchObject({
      status: 'confirmed',
      external_reference: transfer?.id,
      send_attempts: 2,
    });
    expect(transfersOf(batch.id)).toHaveLength(1);
    expect(transferRequestsOf(batch.id)).toHaveLength(1);
    expect(world.stripe.requestsTo('GET', '/v1/transfers').at(-1)?.form).toMatchObject({
      transfer_group: `payout_${batch.id}`,
      destination: provider.account,
    });
    expect(await usdBalance(provider)).toMatchObject({ paid_out: 139, in_flight: 0 });
  });

  it('a refused transfer fails the batch and releases its earnings for the next batch', async () => {
    const provider = await connectedSeller();
    const batch = await approvedBatch(provider);
    world.stripe.failNext(
      'POST',
      '/v1/transfers',
      new FakeStripeError(
        400,
        'invalid_request_error',
        'No such destination: the account is not connected to your platform',
        'resource_missing',
        'destination',
      ),
    );
    const failed = await sendPayoutBatch(world.admin.client, { id: batch.id });
    expect(failed.status).toBe('failed');
    expect(failed.failure_reason).toContain('No such destination');
    expect(failed.items.every((i) => i.released)).toBe(true);
    expect(transfersOf(batch.id)).toHaveLength(0);
    expect(await usdBalance(provider)).toMatchObject({ payable: 139, in_flight: 0 });

    const next = await approvedBatch(provider);
    expect(next.items.map((i) => i.earning_id)).toEqual(batch.items.map((i) => i.earning_id));
    expect((await sendPayoutBatch(world.admin.client, { id: next.id })).status).toBe('confirmed');
    expect(transfersOf(next.id)).toHaveLength(1);
    expect(await usdBalance(provider)).toMatchObject({ paid_out: 139, payable: 0 });
  });

  it('a provider sets, keeps and clears the connected account on their profile', async () => {
    const provider = await seller(world, { stripeAccount: 'acct_1Keep2Me3' });
    const body = profileBody(provider.username);
    // Left out: kept (a client that does not know the field cannot erase it).
    expect((await putProviderProfile(provider.client, { body })).payout_stripe_account).toBe(
      'acct_1Keep2Me3',
    );
    const bad = await rawSigned(world, provider, 'PUT', '/v1/provider/profile', {
      ...body,
      payout_stripe_account: 'ba_123',
    });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.json['errors'])).toContain('body.payout_stripe_account');
    const cleared = await putProviderProfile(provider.client, {
      body: { ...body, payout_stripe_account: null },
    });
    expect(cleared.payout_stripe_account).toBeNull();
    expect((await getProviderProfile(provider.client, {})).payout_stripe_account).toBeNull();
  });

  it('a provider without a connected account is paid by the manual rail only', async () => {
    const provider = await seller(world);
    await deliveredContract(world, provider);
    world.clock.advance(100);
    await accrue(world, 0n);
    const refused = await problemOf(
      createPayoutBatch(world.admin.client, {
        body: {
          provider: provider.username,
          currency: 'USD',
          rail: 'stripe_connect',
          idempotency_key: key('payout'),
        },
      }),
    );
    expect([refused.status, refused.paths]).toEqual([422, ['body.rail']]);
    expect(refused.detail).toContain('payout_stripe_account');
  });
});
