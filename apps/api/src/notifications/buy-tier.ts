import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { HttpProblem, validationFailed } from '../http/problem';
import { enqueueReceipt } from '../receipts/enqueue';
import { postWalletEntry } from '../wallet/post-entry';
import { TIERS, tierNamed } from './tiers';

/** A purchase as stored. */
export interface TierPurchaseRow {
  readonly id: string;
  readonly tier: string;
  readonly currency: string;
  readonly price: bigint;
  readonly wallet_ledger_id: bigint;
  readonly starts_at: Date;
  readonly ends_at: Date;
  readonly created_at: Date;
}

/**
 * Buys a notification tier from the account's wallet inside `trx`: the debit (402
 * `insufficient_funds` changes nothing) and the purchase row, which runs from `now` for the
 * tier's days. The buyer's idempotency key makes a retry, even a concurrent one, return the
 * first purchase without a second debit (409 `idempotency_key_reused` for another tier or
 * currency). The purchase's receipt (billing.md §5) is queued in `trx` too, keyed by the
 * debit's ledger entry, so the retry that returns the first purchase queues no second one.
 */
export async function buyTier(
  trx: Transaction<Database>,
  accountId: string,
  body: { readonly tier: string; readonly currency: string; readonly idempotency_key: string },
  now: Date,
): Promise<{ readonly purchase: TierPurchaseRow; readonly replayed: boolean }> {
  const tier = tierNamed(body.tier);
  if (tier === undefined) {
    const names = TIERS.map((t) => t.tier).join(', ');
    throw validationFailed([{ path: 'body.tier', message: `must be one of ${names}` }]);
  }
  const price = Object.hasOwn(tier.prices, body.currency) ? tier.prices[body.currency] : undefined;
  if (price === undefined) {
    const currencies = Object.keys(tier.prices).join(', ');
    throw validationFailed([
      { path: 'body.currency', message: `the ${tier.tier} tier is sold in ${currencies}` },
    ]);
  }
  // Two concurrent retries wait here, so the second finds the first's purchase.
  const lockKey = `notification-tier:${accountId}:${body.idempotency_key}`;
  await sql`SELECT pg_advisory_xact_lock(hashtext(${lockKey}))`.execute(trx);
  const columns = [
    'id',
    'tier',
    'currency',
    'price',
    'wallet_ledger_id',
    'starts_at',
    'ends_at',
    'created_at',
  ] as const;
  const existing = await trx
    .selectFrom('notification_tier_purchases')
    .select(columns)
    .where('account_id', '=', accountId)
    .where('idempotency_key', '=', body.idempotency_key)
    .executeTakeFirst();
  if (existing !== undefined) {
    if (existing.tier !== tier.tier || existing.currency !== body.currency) {
      throw new HttpProblem(
        409,
        'idempotency_key_reused',
        `The idempotency key "${body.idempotency_key}" already bought the ${existing.tier} tier in ${existing.currency}; use a new key for a new purchase.`,
      );
    }
    return { purchase: existing, replayed: true };
  }
  const memo = `Notification tier ${tier.tier} for ${tier.days} days`;
  const debit = await postWalletEntry(trx, {
    accountId,
    currency: body.currency,
    amount: -BigInt(price),
    kind: 'notification_tier',
    idempotencyKey: `notification_tier:${accountId}:${body.idempotency_key}`,
    memo,
    now,
  });
  await enqueueReceipt(trx, {
    paymentKey: `ledger:${debit.ledgerId}`,
    accountId,
    kind: 'notification_tier',
    currency: body.currency,
    amount: BigInt(price),
    description: memo,
    contractId: null,
    at: now,
  });
  const purchase = await trx
    .insertInto('notification_tier_purchases')
    .values({
      account_id: accountId,
      tier: tier.tier,
      currency: body.currency,
      price: BigInt(price),
      wallet_ledger_id: debit.ledgerId,
      idempotency_key: body.idempotency_key,
      starts_at: now,
      ends_at: new Date(now.getTime() + tier.days * 86_400_000),
      created_at: now,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
  return { purchase, replayed: false };
}

/** A purchase as the API shows it. */
export function tierPurchaseView(row: TierPurchaseRow) {
  return {
    id: row.id,
    tier: row.tier,
    currency: row.currency,
    price: Number(row.price),
    wallet_entry_id: row.wallet_ledger_id.toString(),
    starts_at: row.starts_at.toISOString(),
    ends_at: row.ends_at.toISOString(),
    created_at: row.created_at.toISOString(),
  };
}
