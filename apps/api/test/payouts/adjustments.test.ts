import {
  acceptContract,
  approvePayoutBatch,
  cancelContract,
  confirmPayoutBatch,
  createPayoutBatch,
  getContract,
  sendPayoutBatch,
} from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver, key } from '../contracts/_http';
import { problemOf } from '../offerings/_support';
import { rentByCard } from '../payments/_card';
import { type PaymentWorld, paymentWorld } from '../payments/_world';
import { accrue, entriesOf, type Seller, seller, usdBalance } from './_world';

let world: PaymentWorld;
beforeAll(async () => {
  world = await paymentWorld();
});
afterAll(() => world?.stop());

/** A card rental of `provider`'s offering, paid at the fake Stripe, accepted and delivered. */
async function cardContract(provider: Seller) {
  const renter = await world.account();
  const rented = await rentByCard(renter, provider.offering);
  const paid = world.stripe.complete(rented.sessionId);
  await world.deliver(paid.event);
  await acceptContract(provider.client, { id: rented.contract.id });
  await deliver(world, rented.contract.id);
  return { renter, contract: rented.contract, charge: paid.charge };
}

/** Pays everything payable to `provider` by the manual rail. */
async function payOut(provider: Seller) {
  const batch = await createPayoutBatch(world.admin.client, {
    body: {
      provider: provider.username,
      currency: 'USD',
      rail: 'manual',
      idempotency_key: key('p'),
    },
  });
  await approvePayoutBatch(world.admin.client, { id: batch.id });
  await sendPayoutBatch(world.admin.client, { id: batch.id });
  await confirmPayoutBatch(world.admin.client, {
    id: batch.id,
    body: { external_reference: `BANK-${batch.id}` },
  });
  return batch;
}

describe('earnings after disputes and late refunds', () => {
  it('a disputed contract is held, and a lost dispute takes its earnings back (owed once paid out)', async () => {
    const provider = await seller(world);
    const { renter, contract, charge } = await cardContract(provider);
    world.clock.advance(100);
    await accrue(world, 0n);
    expect(await usdBalance(provider)).toMatchObject({ earned: 139, payable: 139, held: 0 });

    const dispute = world.stripe.openDispute(charge.id);
    await world.deliver(dispute.event);
    expect((await getContract(renter.client, { id: contract.id })).payment_status).toBe('disputed');
    await accrue(world, 0n);
    expect(await usdBalance(provider)).toMatchObject({ earned: 139, held: 139, payable: 0 });
    const held = await problemOf(
      createPayoutBatch(world.admin.client, {
        body: {
          provider: provider.username,
          currency: 'USD',
          rail: 'manual',
          idempotency_key: key('p'),
        },
      }),
    );
    expect([held.status, held.code]).toEqual([409, 'nothing_payable']);

    await world.deliver(world.stripe.closeDispute(dispute.dispute.id, 'won'));
    await accrue(world, 0n);
    expect(await usdBalance(provider)).toMatchObject({ held: 0, payable: 139 });
    await payOut(provider);

    // A second dispute is lost after the payout: the consumed value is lost, the provider owes it.
    const second = world.stripe.openDispute(charge.id);
    await world.deliver(second.event);
    await world.deliver(world.stripe.closeDispute(second.dispute.id, 'lost'));
    await accrue(world, 0n);
    const entries = await entriesOf(provider, contract.id);
    expect(entries.at(-1)).toMatchObject({
      amount: -139,
      earned_to_date: 0,
      platform_fee_to_date: 0,
      lost_to_date: 139,
      final: true,
    });
    const last = entries.at(-1);
    expect((last?.lost_to_date ?? 0) + (last?.refundable ?? 0) + (last?.refunded ?? 0)).toBe(
      last?.paid,
    );
    expect(await usdBalance(provider)).toMatchObject({
      earned: 0,
      paid_out: 139,
      payable: 0,
      owed: 139,
    });
  });

  it('a refund made in the Stripe dashboard after the contract ended is booked against its earnings', async () => {
    const provider = await seller(world);
    const { renter, contract, charge } = await cardContract(provider);
    world.clock.advance(100);
    await cancelContract(renter.client, { id: contract.id, body: {} });
    await accrue(world, 0n);
    expect((await entriesOf(provider, contract.id)).at(-1)).toMatchObject({
      refunded: 861,
      earned_to_date: 139,
      final: true,
    });

    world.clock.advance(24);
    const late = world.stripe.dashboardRefund(charge.id, 50);
    expect((await world.deliver(late.event)).status).toBe(200);
    expect((await getContract(renter.client, { id: contract.id })).refunded).toBe(911);
    await accrue(world, 0n);
    const entries = await entriesOf(provider, contract.id);
    expect(entries.at(-1)).toMatchObject({
      amount: -50,
      refunded: 911,
      refundable: 0,
      earned_to_date: 89,
      final: true,
    });
    expect(await usdBalance(provider)).toMatchObject({ earned: 89, payable: 89 });
  });
});
