import {
  approvePayoutBatch,
  confirmPayoutBatch,
  createPayoutBatch,
  failPayoutBatch,
  getMyPayout,
  getPayoutBatch,
  listMyEarnings,
  listMyPayouts,
  listPayableBalances,
  listPayoutBatches,
  sendPayoutBatch,
} from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContractWorld, contractWorld, key, rawSigned } from '../contracts/_http';
import { problemOf } from '../offerings/_support';
import { accrue, deliveredContract, type Seller, seller, usdBalance } from './_world';

const FEE_BPS = 1000n;

let world: ContractWorld;
beforeAll(async () => {
  world = await contractWorld({ DC_PLATFORM_FEE_BPS: String(FEE_BPS) });
});
afterAll(() => world?.stop());

/** A provider who has earned something: one contract delivered and used for 100 h. */
async function earningSeller(): Promise<Seller> {
  const provider = await seller(world);
  await deliveredContract(world, provider);
  world.clock.advance(100);
  await accrue(world, FEE_BPS);
  return provider;
}

function newBatch(provider: Seller, idempotencyKey = key('payout')) {
  return createPayoutBatch(world.admin.client, {
    body: {
      provider: provider.username,
      currency: 'USD',
      rail: 'manual',
      idempotency_key: idempotencyKey,
    },
  });
}

describe('payout batches by the manual rail', () => {
  it('draft -> approved -> sent -> confirmed pays exactly what was payable, once', async () => {
    const provider = await earningSeller();
    const before = await usdBalance(provider);
    expect(before).toMatchObject({ earned: 125, payable: 125, paid_out: 0, in_flight: 0 });
    const balances = await listPayableBalances(world.admin.client, { currency: 'USD' });
    expect(balances.items.find((b) => b.provider === provider.username)).toMatchObject({
      earned: 125,
      platform_fee: 14,
      payable: 125,
      payout_stripe_account: null,
    });

    const idempotencyKey = key('payout');
    const draft = await newBatch(provider, idempotencyKey);
    expect(draft).toMatchObject({
      provider: provider.username,
      currency: 'USD',
      amount: 125,
      rail: 'manual',
      status: 'draft',
      item_count: 1,
    });
    const entries = await listMyEarnings(provider.client, {});
    expect(draft.items.map((i) => [i.earning_id, i.amount, i.released])).toEqual(
      entries.items.map((e) => [e.id, e.amount, false]),
    );
    expect(entries.items.every((e) => e.payout_batch_id === draft.id)).toBe(true);
    // The same key gives the same batch; a new key finds nothing left to pay.
    expect((await newBatch(provider, idempotencyKey)).id).toBe(draft.id);
    const again = await problemOf(newBatch(provider));
    expect([again.status, again.code]).toEqual([409, 'nothing_payable']);
    expect(await usdBalance(provider)).toMatchObject({ payable: 0, in_flight: 125 });

    // Out of order: a draft cannot be sent nor confirmed.
    const early = await problemOf(sendPayoutBatch(world.admin.client, { id: draft.id }));
    expect([early.status, early.code]).toEqual([409, 'payout_batch_state']);
    const approved = await approvePayoutBatch(world.admin.client, { id: draft.id });
    expect(approved.status).toBe('approved');
    expect((await approvePayoutBatch(world.admin.client, { id: draft.id })).status).toBe(
      'approved',
    );
    const confirmEarly = await problemOf(
      confirmPayoutBatch(world.admin.client, {
        id: draft.id,
        body: { external_reference: 'ICPAY-1' },
      }),
    );
    expect([confirmEarly.status, confirmEarly.code]).toEqual([409, 'payout_batch_state']);

    const sent = await sendPayoutBatch(world.admin.client, { id: draft.id });
    expect(sent).toMatchObject({ status: 'sent', external_reference: null });
    // The reference is required, and named when missing.
    const missing = await rawSigned(
      world,
      world.admin,
      'POST',
      `/v1/admin/payouts/${draft.id}/confirm`,
      {},
    );
    expect(missing.status).toBe(422);
    expect(JSON.stringify(missing.json['errors'])).toContain('body.external_reference');
    const confirmed = await confirmPayoutBatch(world.admin.client, {
      id: draft.id,
      body: { external_reference: 'ICPAY-2026-0042' },
    });
    expect(confirmed).toMatchObject({ status: 'confirmed', external_reference: 'ICPAY-2026-0042' });
    const twice = await confirmPayoutBatch(world.admin.client, {
      id: draft.id,
      body: { external_reference: 'ICPAY-2026-0042' },
    });
    expect(twice.confirmed_at).toBe(confirmed.confirmed_at);
    const other = await problemOf(
      confirmPayoutBatch(world.admin.client, {
        id: draft.id,
        body: { external_reference: 'ANOTHER' },
      }),
    );
    expect([other.status, other.code]).toEqual([409, 'payout_already_confirmed']);
    const failLate = await problemOf(
      failPayoutBatch(world.admin.client, { id: draft.id, body: { reason: 'too late' } }),
    );
    expect([failLate.status, failLate.code]).toEqual([409, 'payout_batch_state']);

    expect(await usdBalance(provider)).toMatchObject({
      earned: 125,
      paid_out: 125,
      in_flight: 0,
      payable: 0,
      owed: 0,
    });
    const mine = await listMyPayouts(provider.client, {});
    expect(mine.items.map((b) => [b.id, b.status, b.amount])).toEqual([
      [draft.id, 'confirmed', 125],
    ]);
    expect((await getMyPayout(provider.client, { id: draft.id })).items).toHaveLength(1);
  });

  it('a failed batch releases its earnings and the next batch pays them', async () => {
    const provider = await earningSeller();
    const first = await newBatch(provider);
    await approvePayoutBatch(world.admin.client, { id: first.id });
    await sendPayoutBatch(world.admin.client, { id: first.id });
    const failed = await failPayoutBatch(world.admin.client, {
      id: first.id,
      body: { reason: 'bank returned the transfer' },
    });
    expect(failed).toMatchObject({
      status: 'failed',
      failure_reason: 'bank returned the transfer',
    });
    expect(failed.items.every((i) => i.released)).toBe(true);
    expect(await usdBalance(provider)).toMatchObject({ payable: 125, in_flight: 0, paid_out: 0 });

    // More service meanwhile: the next batch pays the released earnings and the new ones.
    world.clock.advance(100);
    await accrue(world, FEE_BPS);
    const next = await newBatch(provider);
    const released = first.items.map((i) => i.earning_id);
    expect(next.items.map((i) => i.earning_id)).toEqual(expect.arrayContaining(released));
    expect(next.items).toHaveLength(2);
    expect(next.amount).toBe(250); // earned at t0 + 200 h: 278 consumed, 28 fee
    expect(next.items.every((i) => !i.released)).toBe(true);
    const entries = await listMyEarnings(provider.client, {});
    expect(entries.items.every((e) => e.payout_batch_id === next.id)).toBe(true);
    // A failed batch stays failed; the list shows both.
    const all = await listPayoutBatches(world.admin.client, { provider: provider.username });
    expect(all.items.map((b) => [b.id, b.status])).toEqual([
      [next.id, 'draft'],
      [first.id, 'failed'],
    ]);
  });

  it('names the field of a bad request', async () => {
    const provider = await earningSeller();
    const unknown = await problemOf(
      createPayoutBatch(world.admin.client, {
        body: {
          provider: 'nobody-here',
          currency: 'USD',
          rail: 'manual',
          idempotency_key: key('payout'),
        },
      }),
    );
    expect([unknown.status, unknown.paths]).toEqual([422, ['body.provider']]);
    const noStripe = await problemOf(
      createPayoutBatch(world.admin.client, {
        body: {
          provider: provider.username,
          currency: 'USD',
          rail: 'stripe_connect',
          idempotency_key: key('payout'),
        },
      }),
    );
    expect([noStripe.status, noStripe.code, noStripe.paths]).toEqual([
      409,
      'payout_rail_not_configured',
      ['body.rail'],
    ]);
    const nothingInEur = await problemOf(
      createPayoutBatch(world.admin.client, {
        body: {
          provider: provider.username,
          currency: 'EUR',
          rail: 'manual',
          idempotency_key: key('payout'),
        },
      }),
    );
    expect([nothingInEur.status, nothingInEur.code]).toEqual([409, 'nothing_payable']);
    const reused = key('payout');
    await newBatch(provider, reused);
    const otherRail = await problemOf(
      createPayoutBatch(world.admin.client, {
        body: {
          provider: provider.username,
          currency: 'EUR',
          rail: 'manual',
          idempotency_key: reused,
        },
      }),
    );
    expect([otherRail.status, otherRail.code]).toEqual([409, 'idempotency_key_reused']);
  });
});

describe('who may see and do what', () => {
  it("a provider cannot see another provider's payouts, nor use the admin routes", async () => {
    const owner = await earningSeller();
    const batch = await newBatch(owner);
    const other = await seller(world);
    const hidden = await problemOf(getMyPayout(other.client, { id: batch.id }));
    expect([hidden.status, hidden.code]).toEqual([404, 'not_found']);
    expect((await listMyPayouts(other.client, {})).items).toEqual([]);
    expect((await getMyPayout(owner.client, { id: batch.id })).id).toBe(batch.id);
    for (const call of [
      () => getPayoutBatch(owner.client, { id: batch.id }),
      () => approvePayoutBatch(owner.client, { id: batch.id }),
      () => listPayableBalances(owner.client, {}),
      () =>
        createPayoutBatch(owner.client, {
          body: {
            provider: owner.username,
            currency: 'USD',
            rail: 'manual',
            idempotency_key: key('payout'),
          },
        }),
    ]) {
      expect((await problemOf(call())).status).toBe(403);
    }
    const renter = await world.account();
    expect((await problemOf(listMyPayouts(renter.client, {}))).status).toBe(403);
  });
});
