import { formatMoney, money } from '@dc/pricing';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { HttpProblem } from '../http/problem';

/** Why a wallet balance moved (billing.md §1). */
export type WalletEntryKind =
  | 'topup'
  | 'rental_debit'
  | 'extension_debit'
  | 'refund_credit'
  | 'adjustment'
  | 'notification_tier';

/** One balance change: a signed amount in minor units of `currency`. */
export interface WalletEntry {
  readonly accountId: string;
  readonly currency: string;
  /** Positive credits, negative debits; never zero. */
  readonly amount: bigint;
  readonly kind: WalletEntryKind;
  /** Derived from what is paid for, never from a time: a retry finds the first entry. */
  readonly idempotencyKey: string;
  readonly now: Date;
  readonly contractId?: string;
  readonly reference?: string;
  readonly memo?: string;
}

/** The ledger row an entry produced (or found, for a repeated idempotency key). */
export interface PostedEntry {
  readonly ledgerId: bigint;
  readonly balanceAfter: bigint;
  /** True when the key had already been posted and nothing changed now. */
  readonly replayed: boolean;
}

/**
 * Applies `entry` to the account's balance and appends it to the ledger, inside `trx`. The
 * balance row is locked first, so concurrent entries on one wallet serialise; a debit larger
 * than the balance is refused with 402 `insufficient_funds` and changes nothing. A key posted
 * before returns that entry (409 `idempotency_key_reused` if it was for something else).
 */
export async function postWalletEntry(
  trx: Transaction<Database>,
  entry: WalletEntry,
): Promise<PostedEntry> {
  if (entry.amount === 0n) throw new Error('postWalletEntry: amount must not be zero');
  await trx
    .insertInto('wallet_balances')
    .values({ account_id: entry.accountId, currency: entry.currency, balance: 0n })
    .onConflict((oc) => oc.columns(['account_id', 'currency']).doNothing())
    .execute();
  const row = await trx
    .selectFrom('wallet_balances')
    .select('balance')
    .where('account_id', '=', entry.accountId)
    .where('currency', '=', entry.currency)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const previous = await trx
    .selectFrom('wallet_ledger')
    .select(['id', 'account_id', 'currency', 'amount', 'balance_after'])
    .where('idempotency_key', '=', entry.idempotencyKey)
    .executeTakeFirst();
  if (previous !== undefined) {
    if (
      previous.account_id !== entry.accountId ||
      previous.currency !== entry.currency ||
      previous.amount !== entry.amount
    ) {
      throw new HttpProblem(
        409,
        'idempotency_key_reused',
        `The idempotency key "${entry.idempotencyKey}" was already used for a different wallet entry; use a new key for a new operation.`,
      );
    }
    return { ledgerId: previous.id, balanceAfter: previous.balance_after, replayed: true };
  }
  const balanceAfter = row.balance + entry.amount;
  if (balanceAfter < 0n) throw insufficientFunds(entry.currency, row.balance, -entry.amount);
  await trx
    .updateTable('wallet_balances')
    .set({ balance: balanceAfter, updated_at: entry.now })
    .where('account_id', '=', entry.accountId)
    .where('currency', '=', entry.currency)
    .execute();
  const inserted = await trx
    .insertInto('wallet_ledger')
    .values({
      account_id: entry.accountId,
      currency: entry.currency,
      amount: entry.amount,
      balance_after: balanceAfter,
      kind: entry.kind,
      contract_id: entry.contractId ?? null,
      reference: entry.reference ?? null,
      idempotency_key: entry.idempotencyKey,
      memo: entry.memo ?? null,
      created_at: entry.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { ledgerId: inserted.id, balanceAfter, replayed: false };
}

/** 402: the wallet holds less than the debit needs; names both amounts. */
export function insufficientFunds(currency: string, balance: bigint, needed: bigint): HttpProblem {
  const show = (amount: bigint) => `${formatMoney(money(amount, currency))} ${currency}`;
  return new HttpProblem(
    402,
    'insufficient_funds',
    `Your ${currency} wallet balance is ${show(balance)} but this needs ${show(needed)} ` +
      `(${show(needed - balance)} more). Top up the ${currency} wallet and retry with the same idempotency key.`,
  );
}
