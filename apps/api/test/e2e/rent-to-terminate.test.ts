// The whole life of one contract over real HTTP, every party speaking through @dc/client only:
// provider, pool, setup token, a registered agent, a published offering, a renter funded by an
// admin, rent, accept, lease, delivery with a sealed password the renter opens, extension,
// cancellation with the spec's worked-example refund, the terminate job, balanced ledgers.
// The database is only read, to check what the API says against what it stored.

import {
  acceptContract,
  cancelContract,
  createSetupToken,
  createWalletAdjustment,
  extendContract,
  getContract,
  getContractCredentials,
  getContractTimeline,
  getOffering,
  getWallet,
  listWalletLedger,
  previewContractRefund,
  rentContract,
  updateOffering,
} from '@dc/client';
import { open } from '@dc/crypto';
import { money, proratedRefund, segmentFor, settlement } from '@dc/pricing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContractWorld, clockedKeyAuth, contractWorld, SSH_KEY } from '../contracts/_http';
import { offer, problemOf, type TestAccount } from '../offerings/_support';
import { ENGINES } from '../support/databases';
import { instanceIdOf, TestAgent } from '../support/test-agent';

const HOUR = 3_600_000;
const PASSWORD = 'tr0ub4dor&3 but longer';

async function ledgerSum(account: TestAccount): Promise<number> {
  let sum = 0;
  let cursor: string | undefined;
  do {
    const page = await listWalletLedger(account.client, {
      currency: 'USD',
      limit: 100,
      ...(cursor === undefined ? {} : { cursor }),
    });
    for (const entry of page.items) sum += entry.amount;
    cursor = page.next_cursor ?? undefined;
  } while (cursor !== undefined);
  return sum;
}

describe.each(ENGINES)('rent to terminate on %s', (engine) => {
  let world: ContractWorld;
  beforeAll(async () => {
    world = await contractWorld({}, { engine });
  });
  afterAll(async () => {
    await world?.stop();
  });

  it('delivers, extends, refunds the worked example on cancel and terminates the recorded instance', async () => {
    // Provider: account, profile and pool; a setup token; an agent registered with it.
    const provider = await world.provider();
    const { token } = await createSetupToken(provider.client, { id: provider.poolId, body: {} });
    const agent = new TestAgent({
      baseUrl: world.server.url,
      auth: (secretKey) => clockedKeyAuth(secretKey, world.clock),
    });
    const delegation = await agent.register(token);
    expect(delegation.permissions).toEqual(
      expect.arrayContaining(['lease_jobs', 'report_instances']),
    );

    // An offering of the agent's pool, created as a draft, then published.
    const draft = await offer(provider, {
      draft: true,
      currency: 'USD',
      price_per_month: 1000,
      provisioner: 'docker',
      pool_id: provider.poolId,
    });
    expect(await problemOf(getOffering(world.server.anonymous, { id: draft.id }))).toMatchObject({
      status: 404,
    });
    await updateOffering(provider.client, { id: draft.id, body: { draft: false } });
    const { offering } = await getOffering(world.server.anonymous, { id: draft.id });
    expect(offering).toMatchObject({ price_per_month: 1000, currency: 'USD' });

    // A renter whose wallet the admin credits.
    const renter = await world.account();
    await createWalletAdjustment(world.admin.client, {
      body: {
        username: renter.username,
        currency: 'USD',
        amount: 2000,
        reason: 'e2e starting funds',
        idempotency_key: `e2e-fund-${engine}`,
      },
    });

    // Rent from the wallet; the provider accepts.
    const rented = await rentContract(renter.client, {
      body: {
        offering_id: offering.id,
        hours: 720,
        ssh_public_keys: [SSH_KEY],
        os_image: 'debian-12',
        payment_rail: 'wallet',
        idempotency_key: `e2e-rent-${engine}`,
      },
    });
    expect(rented).toMatchObject({ status: 'requested', paid: 1000, payment_status: 'succeeded' });
    expect((await getWallet(renter.client, {})).balances).toEqual([
      expect.objectContaining({ currency: 'USD', balance: 1000 }),
    ]);
    await acceptContract(provider.client, { id: rented.id });

    // The agent leases the provision job, renews once and reports the delivery.
    world.clock.advance(0.25); // the time until delivery is not billed
    const [provision, ...more] = await agent.lease(5);
    expect(more).toEqual([]);
    expect(provision).toMatchObject({
      kind: 'provision',
      fencing_token: 1,
      contract: {
        id: rented.id,
        provisioner: 'docker',
        renter_public_keys: [renter.identity.publicKeyHex],
        instance: null,
      },
    });
    if (!provision) throw new Error('no provision job');
    expect((await getContract(renter.client, { id: rented.id })).status).toBe('provisioning');
    world.clock.advance(30 / 3600);
    await agent.renew(provision);
    const delivered = await agent.provisioned(provision, PASSWORD);
    expect(delivered).toMatchObject({ status: 'completed', contract_status: 'provisioned' });
    const t0 = world.clock.now();
    const live = await getContract(renter.client, { id: rented.id });
    expect(live).toMatchObject({ status: 'provisioned', term_start: t0.toISOString() });
    const externalId = instanceIdOf(provision.job_id, provision.fencing_token);
    expect(live.instance).toMatchObject({ provisioner: 'docker', external_id: externalId });

    // The renter opens the v3 envelope; it is bound to this contract and purpose.
    const { items } = await getContractCredentials(renter.client, { id: rented.id });
    expect(items.map((item) => [item.purpose, item.envelope['v']])).toEqual([['root_password', 3]]);
    const envelope = items[0]?.envelope as never;
    const opened = open(envelope, renter.identity.secretKey, {
      contractId: rented.id,
      purpose: 'root_password',
    });
    expect(new TextDecoder().decode(opened)).toBe(PASSWORD);
    expect(() =>
      open(envelope, renter.identity.secretKey, { contractId: rented.id, purpose: 'ssh_key' }),
    ).toThrow();

    // Ten hours in, a week more, paid from the wallet: 1000 * 168 / 720 = 233.33 -> 233 cents.
    world.clock.advance(10);
    const extended = await extendContract(renter.client, {
      id: rented.id,
      body: { hours: 168, idempotency_key: `e2e-extend-${engine}` },
    });
    expect(extended).toMatchObject({ hours: 888, paid: 1233 });
    expect(await ledgerSum(renter)).toBe(2000 - 1233);

    // Cancel at t0 + 100 h: the refund is exactly what @dc/pricing computes.
    world.clock.advance(90);
    const cancelAt = world.clock.now();
    expect(cancelAt.getTime() - t0.getTime()).toBe(100 * HOUR);
    const usd = (amount: bigint) => money(amount, 'USD');
    const month = segmentFor(usd(1000n), 720n);
    const week = segmentFor(usd(1000n), 168n);
    const clock = { start: t0, pausedMillis: 0n, pausedSince: null, endedAt: cancelAt };
    const priced = { clock, now: cancelAt, refunded: usd(0n) };
    // The spec's worked example, for the first month alone: 861 back, 139 used.
    expect(proratedRefund({ ...priced, segments: [month] }).amount).toBe(861n);
    const expected = settlement({ ...priced, segments: [month, week], feeBps: 0n });
    expect([expected.refundable.amount, expected.consumed.amount]).toEqual([861n + 233n, 139n]);

    const preview = await previewContractRefund(renter.client, { id: rented.id });
    expect(preview).toMatchObject({ cancellable: true, refund: 1094, consumed: 139, paid: 1233 });
    const cancelled = await cancelContract(renter.client, { id: rented.id, body: {} });
    expect(cancelled.refund).toBe(Number(expected.refundable.amount));
    expect(cancelled.contract).toMatchObject({
      status: 'cancelled',
      paid: 1233,
      refunded: 1094,
      payment_status: 'partially_refunded',
    });

    // The terminate job names the recorded instance; the agent completes it.
    world.clock.advance(0.1);
    const [terminate] = await agent.lease(5);
    expect(terminate).toMatchObject({
      kind: 'terminate',
      fencing_token: 1,
      contract: { id: rented.id, instance: { provisioner: 'docker', external_id: externalId } },
    });
    if (!terminate) throw new Error('no terminate job');
    expect(await agent.done(terminate)).toMatchObject({ status: 'completed' });
    expect(await agent.lease(5)).toEqual([]);

    const timeline = await getContractTimeline(renter.client, { id: rented.id });
    expect(timeline.items.map((e) => [e.event, e.to_status, e.actor_role])).toEqual([
      ['request', 'requested', 'renter'],
      ['accept', 'accepted', 'provider'],
      ['start_provisioning', 'provisioning', 'agent'],
      ['provisioned', 'provisioned', 'agent'],
      ['extend', 'provisioned', 'renter'],
      ['cancel', 'cancelled', 'renter'],
    ]);

    // Money: the renter's ledger adds up to the balance, the contract's books close.
    const balance = 2000 - 1233 + 1094;
    expect((await getWallet(renter.client, {})).balances).toEqual([
      expect.objectContaining({ currency: 'USD', balance }),
    ]);
    expect(await ledgerSum(renter)).toBe(balance);

    const { db } = world.server.database;
    const unbalanced = await sql<{ account_id: string }>`
      SELECT b.account_id FROM wallet_balances b
      LEFT JOIN (SELECT account_id, currency, sum(amount) AS total FROM wallet_ledger
                 GROUP BY account_id, currency) l
        ON l.account_id = b.account_id AND l.currency = b.currency
      WHERE b.balance <> coalesce(l.total, 0)
      UNION ALL
      SELECT l.account_id FROM wallet_ledger l
      LEFT JOIN wallet_balances b ON b.account_id = l.account_id AND b.currency = l.currency
      WHERE b.account_id IS NULL`.execute(db);
    expect(unbalanced.rows).toEqual([]);
    const row = await db
      .selectFrom('contracts')
      .select(['paid', 'refunded', 'instance_external_id', 'instance_terminated_at'])
      .where('id', '=', rented.id)
      .executeTakeFirstOrThrow();
    expect(Number(row.paid) - Number(row.refunded)).toBe(Number(expected.consumed.amount));
    expect(row.instance_external_id).toBe(externalId);
    expect(row.instance_terminated_at?.getTime()).toBe(world.clock.now().getTime());
    const jobs = await db
      .selectFrom('jobs')
      .select(['kind', 'status'])
      .where('contract_id', '=', rented.id)
      .orderBy('created_at')
      .execute();
    expect(jobs).toEqual([
      { kind: 'provision', status: 'completed' },
      { kind: 'terminate', status: 'completed' },
    ]);
  });
});
