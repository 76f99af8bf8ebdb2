import { money } from '@dc/pricing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RailError, WebhookRejected } from '../../src/payments/rail';
import { sandboxRail } from '../../src/payments/sandbox-rail';
import { walletRail } from '../../src/payments/wallet-rail';
import {
  type MigratedDatabase,
  migratedDatabase,
  type Parties,
  seedParties,
} from '../contracts/_db';

let database: MigratedDatabase;
let parties: Parties;
const now = new Date('2026-03-01T09:00:00Z');
beforeAll(async () => {
  database = await migratedDatabase('pglite');
  parties = await seedParties(database.handle);
});
afterAll(() => database?.close());

const charge = (amount: bigint, key: string) => ({
  paymentId: key,
  accountId: parties.renterId,
  contractId: null,
  purpose: 'contract' as const,
  amount: money(amount, 'USD'),
  description: 'test rental',
  idempotencyKey: key,
  now,
});

function balance(): Promise<bigint> {
  return database.handle.db
    .selectFrom('wallet_balances')
    .select('balance')
    .where('account_id', '=', parties.renterId)
    .where('currency', '=', 'USD')
    .executeTakeFirst()
    .then((row) => row?.balance ?? 0n);
}

describe('the wallet and sandbox rails behind PaymentRail', () => {
  it('wallet: refunds credit and charges debit inside the caller transaction, never below zero', async () => {
    const { db } = database.handle;
    await db.transaction().execute((trx) =>
      walletRail.refund({
        refundId: 'r1',
        idempotencyKey: 'rail-test-credit',
        amount: money(700n, 'USD'),
        accountId: parties.renterId,
        contractId: null,
        paymentReference: 'wallet',
        memo: 'credit',
        retry: false,
        now,
        trx,
      }),
    );
    const settled = await db
      .transaction()
      .execute((trx) => walletRail.charge({ ...charge(500n, 'rail-test-debit'), trx }));
    expect(settled).toMatchObject({
      kind: 'settled',
      reference: expect.stringMatching(/^ledger:/),
    });
    expect(await balance()).toBe(200n);
    // A retry with the same key moves nothing.
    await db
      .transaction()
      .execute((trx) => walletRail.charge({ ...charge(500n, 'rail-test-debit'), trx }));
    expect(await balance()).toBe(200n);
    const short = db
      .transaction()
      .execute((trx) => walletRail.charge({ ...charge(300n, 'rail-test-short'), trx }));
    await expect(short).rejects.toMatchObject({ status: 402, code: 'insufficient_funds' });
    expect(await balance()).toBe(200n);
    await expect(walletRail.charge(charge(1n, 'no-trx'))).rejects.toThrow(/transaction/);
    await expect(
      walletRail.charge({ ...charge(1n, 'top-up'), purpose: 'wallet_topup' }),
    ).rejects.toBeInstanceOf(RailError);
  });

  it('sandbox: settles only in sandbox mode; neither rail takes webhooks', async () => {
    await expect(sandboxRail(true).charge(charge(100n, 'sandbox-ok'))).resolves.toMatchObject({
      kind: 'settled',
    });
    await expect(sandboxRail(false).charge(charge(100n, 'sandbox-no'))).rejects.toMatchObject({
      retryable: false,
      message: expect.stringContaining('sandbox mode'),
    });
    const body = new TextEncoder().encode('{}');
    expect(() => walletRail.verifyWebhook(body, 'x', now)).toThrow(WebhookRejected);
    expect(() => sandboxRail(true).verifyWebhook(body, 'x', now)).toThrow(WebhookRejected);
  });
});
