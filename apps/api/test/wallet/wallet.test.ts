import {
  createWalletAdjustment,
  getWallet,
  listWalletLedger,
  registerAccount,
  sandboxTopUp,
  type WalletLedgerEntry,
} from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { newAccount, problemOf, type TestAccount, unique } from '../offerings/_support';
import { startTestServer, type TestServer } from '../support/server';

type Entry = z.output<typeof WalletLedgerEntry>;

const adminName = unique('admin');
let server: TestServer;
let admin: TestAccount;
let renter: TestAccount;

beforeAll(async () => {
  server = await startTestServer({ DC_ADMIN_USERNAMES: adminName });
  const { client, identity } = server.clientFor();
  await registerAccount(client, { body: { username: adminName } });
  admin = { client, identity, username: adminName };
  renter = await newAccount(server);
});
afterAll(() => server?.stop());

const adjust = (username: string, currency: string, amount: number, key: string) =>
  createWalletAdjustment(admin.client, {
    body: { username, currency, amount, reason: 'test credit', idempotency_key: key },
  });

async function allLedger(account: TestAccount): Promise<Entry[]> {
  const entries: Entry[] = [];
  let cursor: string | undefined;
  do {
    const page = await listWalletLedger(account.client, {
      limit: 2,
      ...(cursor === undefined ? {} : { cursor }),
    });
    entries.push(...page.items);
    cursor = page.next_cursor ?? undefined;
  } while (cursor !== undefined);
  return entries;
}

describe('wallet balances and the admin adjustment', () => {
  it('an admin credit shows as a balance and a ledger row', async () => {
    const result = await adjust(renter.username, 'USD', 5000, 'credit-usd-0001');
    expect(result.username).toBe(renter.username);
    expect(result.entry).toMatchObject({
      currency: 'USD',
      amount: 5000,
      balance_after: 5000,
      kind: 'adjustment',
      memo: 'test credit',
    });
    const wallet = await getWallet(renter.client, {});
    expect(wallet.balances).toMatchObject([
      { currency: 'USD', balance: 5000, currency_exponent: 2 },
    ]);
  });

  it('the same idempotency key returns the same entry and credits once', async () => {
    const first = await adjust(renter.username, 'EUR', 700, 'credit-eur-0001');
    const again = await adjust(renter.username, 'EUR', 700, 'credit-eur-0001');
    expect(again.entry.id).toBe(first.entry.id);
    const wallet = await getWallet(renter.client, {});
    expect(wallet.balances.find((b) => b.currency === 'EUR')?.balance).toBe(700);
  });

  it('reusing a key for a different amount is refused', async () => {
    const problem = await problemOf(adjust(renter.username, 'EUR', 701, 'credit-eur-0001'));
    expect([problem.status, problem.code]).toEqual([409, 'idempotency_key_reused']);
  });

  it('a debit never takes a balance below zero: 402 names the balance and the amount needed', async () => {
    const problem = await problemOf(adjust(renter.username, 'EUR', -900, 'debit-eur-0001'));
    expect([problem.status, problem.code]).toEqual([402, 'insufficient_funds']);
    expect(problem.detail).toContain('7.00 EUR');
    expect(problem.detail).toContain('9.00 EUR');
    const wallet = await getWallet(renter.client, {});
    expect(wallet.balances.find((b) => b.currency === 'EUR')?.balance).toBe(700);
  });

  it('a debit within the balance is applied', async () => {
    const result = await adjust(renter.username, 'EUR', -200, 'debit-eur-0002');
    expect(result.entry).toMatchObject({ amount: -200, balance_after: 500 });
  });

  it('currencies are separate wallets: a JPY debit cannot use USD money', async () => {
    const problem = await problemOf(adjust(renter.username, 'JPY', -1, 'debit-jpy-0001'));
    expect([problem.status, problem.code]).toEqual([402, 'insufficient_funds']);
  });

  it('only admins adjust wallets, and only existing accounts', async () => {
    const notAdmin = await problemOf(
      createWalletAdjustment(renter.client, {
        body: {
          username: renter.username,
          currency: 'USD',
          amount: 100,
          reason: 'self-service',
          idempotency_key: 'self-credit-0001',
        },
      }),
    );
    expect(notAdmin.status).toBe(403);
    const unknown = await problemOf(adjust('nobody-here', 'USD', 100, 'credit-nobody-01'));
    expect([unknown.status, unknown.paths]).toEqual([422, ['body.username']]);
  });

  it('the ledger pages newest first, filters by currency and sums to the balances', async () => {
    const entries = await allLedger(renter);
    expect(entries.map((e) => [e.currency, e.amount])).toEqual([
      ['EUR', -200],
      ['EUR', 700],
      ['USD', 5000],
    ]);
    const wallet = await getWallet(renter.client, {});
    for (const balance of wallet.balances) {
      const sum = entries
        .filter((e) => e.currency === balance.currency)
        .reduce((total, e) => total + e.amount, 0);
      expect(sum).toBe(balance.balance);
    }
    const usd = await listWalletLedger(renter.client, { currency: 'USD' });
    expect(usd.items.map((e) => e.amount)).toEqual([5000]);
    expect(usd.next_cursor).toBeNull();
  });

  it("another account sees none of the renter's ledger", async () => {
    const other = await newAccount(server);
    expect((await listWalletLedger(other.client, {})).items).toEqual([]);
    expect((await getWallet(other.client, {})).balances).toEqual([]);
  });

  it('a cursor that is not one of ours is a 400 naming query.cursor', async () => {
    const problem = await problemOf(listWalletLedger(renter.client, { cursor: 'abc' }));
    expect([problem.status, problem.paths]).toEqual([400, ['query.cursor']]);
  });

  it('sandbox top-ups are refused outside sandbox mode', async () => {
    const problem = await problemOf(
      sandboxTopUp(renter.client, {
        body: { currency: 'USD', amount: 1000, idempotency_key: 'topup-usd-0001' },
      }),
    );
    expect([problem.status, problem.code]).toEqual([403, 'sandbox_only']);
  });
});

describe('sandbox top-up in sandbox mode', () => {
  let sandbox: TestServer;
  beforeAll(async () => {
    sandbox = await startTestServer({ DC_SANDBOX: 'true' });
  });
  afterAll(() => sandbox?.stop());

  it('credits the wallet once per idempotency key', async () => {
    const account = await newAccount(sandbox);
    const body = { currency: 'USD', amount: 2500, idempotency_key: 'topup-usd-0001' };
    const first = await sandboxTopUp(account.client, { body });
    const again = await sandboxTopUp(account.client, { body });
    expect(again.id).toBe(first.id);
    expect(first).toMatchObject({ kind: 'topup', amount: 2500, balance_after: 2500 });
    expect((await getWallet(account.client, {})).balances).toMatchObject([
      { currency: 'USD', balance: 2500 },
    ]);
  });
});
