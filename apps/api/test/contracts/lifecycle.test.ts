import {
  acceptContract,
  cancelContract,
  confirmContract,
  extendContract,
  getContract,
  getContractTimeline,
  getWallet,
  listContracts,
  listWalletLedger,
  previewContractRefund,
  requestPasswordReset,
  requestSshKeyRotation,
} from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemOf, type TestAccount } from '../offerings/_support';
import {
  type ContractWorld,
  contractWorld,
  deliver,
  key,
  rent,
  SSH_KEY,
  usdOffering,
} from './_http';

let world: ContractWorld;
let provider: TestAccount;
beforeAll(async () => {
  world = await contractWorld();
  provider = await world.provider();
});
afterAll(() => world?.stop());

async function balance(account: TestAccount, currency = 'USD'): Promise<number> {
  const wallet = await getWallet(account.client, {});
  return wallet.balances.find((b) => b.currency === currency)?.balance ?? 0;
}

async function ledgerSum(account: TestAccount, currency = 'USD'): Promise<number> {
  let sum = 0;
  let cursor: string | undefined;
  do {
    const page = await listWalletLedger(account.client, {
      currency,
      limit: 100,
      ...(cursor === undefined ? {} : { cursor }),
    });
    for (const entry of page.items) sum += entry.amount;
    cursor = page.next_cursor ?? undefined;
  } while (cursor !== undefined);
  return sum;
}

describe('rent, accept, deliver, extend, cancel', () => {
  it("refunds the spec's worked example exactly: cancel at t0 + 100 h gives back 861 of 1000 cents", async () => {
    const renter = await world.account();
    await world.fund(renter, 1000);
    const offering = await usdOffering(provider);
    const rented = await rent(renter, offering, 720);
    expect(rented).toMatchObject({
      status: 'requested',
      payment_status: 'succeeded',
      paid: 1000,
      hours: 720,
      price_per_month: 1000,
      currency: 'USD',
      renter_username: renter.username,
      provider_username: provider.username,
    });
    expect(await balance(renter)).toBe(0);
    await acceptContract(provider.client, { id: rented.id });
    world.clock.advance(0.5); // delivery delay is not billed
    await deliver(world, rented.id);
    const delivered = await getContract(renter.client, { id: rented.id });
    const t0 = world.clock.now();
    expect(delivered.status).toBe('provisioned');
    expect(delivered.term_start).toBe(t0.toISOString());
    world.clock.advance(100);
    const preview = await previewContractRefund(renter.client, { id: rented.id });
    expect(preview).toMatchObject({ cancellable: true, refund: 861, consumed: 139, paid: 1000 });
    const cancelled = await cancelContract(renter.client, { id: rented.id, body: {} });
    expect(cancelled.refund).toBe(861);
    expect(cancelled.contract).toMatchObject({
      status: 'cancelled',
      refunded: 861,
      payment_status: 'partially_refunded',
    });
    expect(await balance(renter)).toBe(861);
    expect(await ledgerSum(renter)).toBe(861);
  });

  it('an extension is charged from the wallet at once and its unused time comes back on cancel', async () => {
    const renter = await world.account();
    await world.fund(renter, 2000);
    const offering = await usdOffering(provider);
    const rented = await rent(renter, offering, 720);
    await acceptContract(provider.client, { id: rented.id });
    await deliver(world, rented.id);
    world.clock.advance(10);
    // 168 h at 1000 cents per 720 h: 233.33, rounded half up to 233 cents.
    const extended = await extendContract(renter.client, {
      id: rented.id,
      body: { hours: 168, idempotency_key: key('extend') },
    });
    expect(extended).toMatchObject({ status: 'provisioned', hours: 888, paid: 1233 });
    expect(
      new Date(extended.term_end ?? '').getTime() - new Date(extended.term_start ?? '').getTime(),
    ).toBe(888 * 3_600_000);
    expect(await balance(renter)).toBe(2000 - 1233);
    world.clock.advance(90); // t0 + 100 h: the first segment is 139 consumed, the extension untouched
    const preview = await previewContractRefund(renter.client, { id: rented.id });
    expect(preview).toMatchObject({ refund: 861 + 233, consumed: 139 });
    const cancelled = await cancelContract(renter.client, {
      id: rented.id,
      body: { reason: 'done' },
    });
    expect(cancelled.refund).toBe(1094);
    expect(await balance(renter)).toBe(2000 - 1233 + 1094);
    expect(await ledgerSum(renter)).toBe(await balance(renter));
    const timeline = await getContractTimeline(renter.client, { id: rented.id });
    expect(timeline.items.map((e) => [e.event, e.from_status, e.to_status, e.actor_role])).toEqual([
      ['request', null, 'requested', 'renter'],
      ['accept', 'requested', 'accepted', 'provider'],
      ['start_provisioning', 'accepted', 'provisioning', 'agent'],
      ['provisioned', 'provisioning', 'provisioned', 'agent'],
      ['extend', 'provisioned', 'provisioned', 'renter'],
      ['cancel', 'provisioned', 'cancelled', 'renter'],
    ]);
    expect(timeline.items.at(-1)?.memo).toBe('done');
  });

  it('an extension retried with the same key is charged once', async () => {
    const renter = await world.account();
    await world.fund(renter, 1500);
    const offering = await usdOffering(provider);
    const rented = await rent(renter, offering, 720);
    await acceptContract(provider.client, { id: rented.id });
    await deliver(world, rented.id);
    const body = { hours: 72, idempotency_key: key('extend') };
    const first = await extendContract(renter.client, { id: rented.id, body });
    const again = await extendContract(renter.client, { id: rented.id, body });
    expect([first.paid, again.paid, again.hours]).toEqual([1100, 1100, 792]);
    expect(await balance(renter)).toBe(400);
  });

  it('renting with too little money is 402 and creates nothing', async () => {
    const renter = await world.account();
    await world.fund(renter, 999);
    const offering = await usdOffering(provider);
    const problem = await problemOf(rent(renter, offering, 720));
    expect([problem.status, problem.code]).toEqual([402, 'insufficient_funds']);
    expect(problem.detail).toContain('9.99 USD');
    expect(problem.detail).toContain('10.00 USD');
    expect((await listContracts(renter.client, {})).items).toEqual([]);
    expect(await balance(renter)).toBe(999);
  });

  it('the same idempotency key returns the same contract and charges once', async () => {
    const renter = await world.account();
    await world.fund(renter, 1000);
    const offering = await usdOffering(provider);
    const idempotencyKey = key('rent');
    const first = await rent(renter, offering, 360, idempotencyKey);
    const again = await rent(renter, offering, 360, idempotencyKey);
    expect(again.id).toBe(first.id);
    expect(await balance(renter)).toBe(500);
    const changed = await problemOf(rent(renter, offering, 361, idempotencyKey));
    expect([changed.status, changed.code]).toEqual([409, 'idempotency_key_reused']);
  });

  it('hours and the OS image must be what the offering allows', async () => {
    const renter = await world.account();
    await world.fund(renter, 10_000);
    const offering = await usdOffering(provider, { min_hours: 24, max_hours: 720 });
    expect((await problemOf(rent(renter, offering, 12))).paths).toEqual(['body.hours']);
    expect((await problemOf(rent(renter, offering, 721))).paths).toEqual(['body.hours']);
    const wrongImage = await problemOf(
      rent(renter, { ...offering, os_images: ['windows-11'] }, 24),
    );
    expect([wrongImage.status, wrongImage.paths]).toEqual([422, ['body.os_image']]);
  });

  it('a private or draft offering cannot be rented', async () => {
    const renter = await world.account();
    await world.fund(renter, 10_000);
    const hidden = await usdOffering(provider, { visibility: 'private' });
    const problem = await problemOf(rent(renter, hidden));
    expect([problem.status, problem.paths]).toEqual([422, ['body.offering_id']]);
  });

  it('the price is the snapshot taken at rent time', async () => {
    const renter = await world.account();
    await world.fund(renter, 2000);
    const offering = await usdOffering(provider, { price_per_month: 1440 });
    const rented = await rent(renter, offering, 10);
    expect([rented.price_per_month, rented.paid, rented.offering_name]).toEqual([
      1440,
      20,
      'VPS 4',
    ]);
  });
});

describe('auto-accept', () => {
  it('accepts a request within the rule at once and queues its provision job', async () => {
    const renter = await world.account();
    await world.fund(renter, 10_000);
    const offering = await usdOffering(provider, {
      auto_accept: true,
      auto_accept_min_hours: 24,
      auto_accept_max_hours: 720,
    });
    expect(offering).toMatchObject({ auto_accept: true, auto_accept_min_hours: 24 });
    const inside = await rent(renter, offering, 48);
    expect(inside).toMatchObject({ status: 'accepted' });
    expect(inside.accepted_at).not.toBeNull();
    const jobs = await world.server.database.db
      .selectFrom('jobs')
      .select(['kind', 'status'])
      .where('contract_id', '=', inside.id)
      .execute();
    expect(jobs).toEqual([{ kind: 'provision', status: 'queued' }]);
    const timeline = await getContractTimeline(renter.client, { id: inside.id });
    expect(timeline.items.at(-1)).toMatchObject({
      event: 'accept',
      actor_role: 'system',
      memo: 'auto_accept',
    });
    const outside = await rent(renter, offering, 12);
    expect(outside.status).toBe('requested');
  });

  it('only renters on its list, when the list is not empty', async () => {
    const listed = await world.account();
    const other = await world.account();
    await world.fund(listed, 1000);
    await world.fund(other, 1000);
    const offering = await usdOffering(provider, {
      auto_accept: true,
      auto_accept_renters: [listed.username],
    });
    expect((await rent(listed, offering, 24)).status).toBe('accepted');
    expect((await rent(other, offering, 24)).status).toBe('requested');
  });
});

describe('after delivery', () => {
  it('the renter confirms it works, asks for a password reset and key rotation', async () => {
    const renter = await world.account();
    await world.fund(renter, 1000);
    const offering = await usdOffering(provider);
    const rented = await rent(renter, offering, 24);
    const early = await problemOf(
      requestPasswordReset(renter.client, { id: rented.id, body: { idempotency_key: key('pw') } }),
    );
    expect([early.status, early.code]).toEqual([409, 'contract_not_running']);
    await acceptContract(provider.client, { id: rented.id });
    await deliver(world, rented.id);
    const active = await confirmContract(renter.client, { id: rented.id });
    expect(active.status).toBe('active');
    const resetKey = key('pw');
    const reset = await requestPasswordReset(renter.client, {
      id: rented.id,
      body: { idempotency_key: resetKey },
    });
    const again = await requestPasswordReset(renter.client, {
      id: rented.id,
      body: { idempotency_key: resetKey },
    });
    expect(again.job_id).toBe(reset.job_id);
    expect(reset).toMatchObject({ kind: 'reset_password', status: 'queued' });
    const rotation = await requestSshKeyRotation(renter.client, {
      id: rented.id,
      body: { ssh_public_keys: [SSH_KEY], idempotency_key: key('ssh') },
    });
    expect(rotation.kind).toBe('rotate_ssh_key');
    const providerTry = await problemOf(
      requestPasswordReset(provider.client, {
        id: rented.id,
        body: { idempotency_key: key('pw') },
      }),
    );
    expect([providerTry.status, providerTry.code]).toEqual([403, 'not_renter']);
  });

  it('lists contracts by role, paged, newest first', async () => {
    const renter = await world.account();
    await world.fund(renter, 1000);
    const offering = await usdOffering(provider);
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      world.clock.advance(0.01);
      ids.push((await rent(renter, offering, 24)).id);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listContracts(renter.client, {
        role: 'renter',
        limit: 2,
        ...(cursor === undefined ? {} : { cursor }),
      });
      seen.push(...page.items.map((c) => c.id));
      cursor = page.next_cursor ?? undefined;
    } while (cursor !== undefined);
    expect(seen).toEqual([...ids].reverse());
    expect((await listContracts(renter.client, { role: 'provider' })).items).toEqual([]);
    const asProvider = await listContracts(provider.client, { role: 'provider', limit: 100 });
    expect(asProvider.items.map((c) => c.id)).toEqual(expect.arrayContaining(ids));
  });
});

describe('on PostgreSQL', () => {
  it("rent, accept, deliver and cancel give the worked example's refund", async () => {
    const pg = await contractWorld({}, { engine: 'postgres' });
    try {
      const pgProvider = await pg.provider();
      const renter = await pg.account();
      await pg.fund(renter, 1000);
      const rented = await rent(renter, await usdOffering(pgProvider), 720);
      await acceptContract(pgProvider.client, { id: rented.id });
      await deliver(pg, rented.id);
      pg.clock.advance(100);
      const cancelled = await cancelContract(renter.client, { id: rented.id, body: {} });
      expect(cancelled.refund).toBe(861);
      expect(await balance(renter)).toBe(861);
    } finally {
      await pg.stop();
    }
  });
});
