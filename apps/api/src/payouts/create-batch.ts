import { money, owed, PricingError, payable, toStripeAmount } from '@dc/pricing';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { HttpProblem, validationFailed } from '../http/problem';
import type { PayoutRailName } from './rails/rail';

/** What a new batch is for. */
export interface NewBatch {
  readonly provider: string;
  readonly currency: string;
  readonly rail: PayoutRailName;
  readonly idempotencyKey: string;
  readonly admin: string;
  readonly now: Date;
}

/** An earning not paid by any live batch, with whether its contract's payment is disputed. */
interface UnpaidEarning {
  readonly id: string;
  readonly contract_id: string;
  readonly amount: bigint;
  readonly disputed: boolean;
}

/**
 * Creates a draft batch paying everything payable to one provider in one currency, and returns
 * its id. In one transaction, serialised per provider (the provider row is locked), so two
 * admins creating batches at once never put one earning in both:
 *
 * - the batch pays every earning no live batch pays (failed batches released theirs), except
 *   those of contracts in dispute, which are held while their sum is positive;
 * - its amount is `payable` of `@dc/pricing` over the provider's balance, and the sum of its
 *   items must be exactly that (a debt from a later refund is netted in the items and shown
 *   as `owed` when it exceeds what is earned);
 * - the same idempotency key returns the first batch (and refuses other parameters).
 *
 * @throws HttpProblem 422 naming the field (unknown provider, no Stripe account, an amount
 *   Stripe cannot transfer), 409 `nothing_payable`, 409 `idempotency_key_reused`.
 */
export function createBatch(db: Kysely<Database>, batch: NewBatch): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const provider = await trx
      .selectFrom('providers as p')
      .innerJoin('accounts as a', 'a.id', 'p.account_id')
      .select(['p.account_id', 'p.payout_stripe_account'])
      .where('a.username', '=', batch.provider)
      .forNoKeyUpdate('p')
      .executeTakeFirst();
    if (provider === undefined) {
      throw validationFailed([
        { path: 'body.provider', message: `no provider has the username "${batch.provider}"` },
      ]);
    }
    const earlier = await sameKey(trx, batch, provider.account_id);
    if (earlier !== undefined) return earlier;
    const destination = batch.rail === 'stripe_connect' ? provider.payout_stripe_account : null;
    if (batch.rail === 'stripe_connect' && destination === null) {
      throw validationFailed([
        {
          path: 'body.rail',
          message: `provider "${batch.provider}" has no payout_stripe_account; they set it with PUT /v1/provider/profile, or pay by the manual rail`,
        },
      ]);
    }
    const position = await unpaidPosition(trx, provider.account_id, batch.currency);
    const items = payableItems(position.unpaid);
    const held = position.unpaid
      .filter((earning) => !items.includes(earning))
      .reduce((sum, earning) => sum + earning.amount, 0n);
    const balance = {
      earned: money(position.earned, batch.currency),
      paidOut: money(position.paidOut, batch.currency),
      held: money(held, batch.currency),
    };
    const amount = payable(balance).amount;
    if (amount === 0n) throw nothingPayable(batch, owed(balance).amount);
    const total = items.reduce((sum, item) => sum + item.amount, 0n);
    if (total !== amount) {
      // Both come from one snapshot of the same rows: a difference is a bug, never paid.
      throw new Error(`payout items sum to ${total} but payable is ${amount}`);
    }
    if (batch.rail === 'stripe_connect') assertTransferable(amount, batch.currency);
    const inserted = await trx
      .insertInto('payout_batches')
      .values({
        provider_id: provider.account_id,
        currency: batch.currency,
        amount,
        rail: batch.rail,
        status: 'draft',
        destination,
        idempotency_key: batch.idempotencyKey,
        created_by: batch.admin,
        created_at: batch.now,
        updated_at: batch.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('payout_items')
      .values(
        items.map((item) => ({ batch_id: inserted.id, earning_id: item.id, amount: item.amount })),
      )
      .execute();
    return inserted.id;
  });
}

/** The batch made earlier under the same key, if its parameters are the same. */
async function sameKey(
  trx: Transaction<Database>,
  batch: NewBatch,
  providerId: string,
): Promise<string | undefined> {
  const earlier = await trx
    .selectFrom('payout_batches')
    .select(['id', 'provider_id', 'currency', 'rail'])
    .where('idempotency_key', '=', batch.idempotencyKey)
    .executeTakeFirst();
  if (earlier === undefined) return undefined;
  if (
    earlier.provider_id !== providerId ||
    earlier.currency !== batch.currency ||
    earlier.rail !== batch.rail
  ) {
    throw new HttpProblem(
      409,
      'idempotency_key_reused',
      `body.idempotency_key: "${batch.idempotencyKey}" already made payout batch ${earlier.id} for another provider, currency or rail; use a new key.`,
      { errors: [{ path: 'body.idempotency_key', message: 'already used for another batch' }] },
    );
  }
  return earlier.id;
}

/** A provider's unpaid earnings and totals in one currency, read in ONE statement (one snapshot). */
interface UnpaidPosition {
  readonly unpaid: UnpaidEarning[];
  /** Every earning ever accrued. */
  readonly earned: bigint;
  /** In batches that did not fail (confirmed or on their way). */
  readonly paidOut: bigint;
}

/**
 * The earnings no unreleased item pays, and the totals `payable` needs, from one SQL statement:
 * an accrual committing in between could otherwise make the items and the totals disagree.
 */
async function unpaidPosition(
  trx: Transaction<Database>,
  providerId: string,
  currency: string,
): Promise<UnpaidPosition> {
  const { rows } = await sql<{
    id: string | null;
    contract_id: string | null;
    amount: bigint | null;
    disputed: boolean | null;
    earned: string;
    paid_out: string;
  }>`
    WITH totals AS (
      SELECT
        (SELECT coalesce(sum(amount), 0) FROM earnings
          WHERE provider_id = ${providerId} AND currency = ${currency})::text AS earned,
        (SELECT coalesce(sum(amount), 0) FROM payout_batches
          WHERE provider_id = ${providerId} AND currency = ${currency}
            AND status <> 'failed')::text AS paid_out
    ), unpaid AS (
      SELECT e.id, e.contract_id, e.amount, c.payment_status = 'disputed' AS disputed,
             e.accrued_at
      FROM earnings e JOIN contracts c ON c.id = e.contract_id
      WHERE e.provider_id = ${providerId} AND e.currency = ${currency} AND e.amount <> 0
        AND NOT EXISTS (
          SELECT 1 FROM payout_items i WHERE i.earning_id = e.id AND i.released_at IS NULL)
    )
    SELECT u.id, u.contract_id, u.amount, u.disputed, t.earned, t.paid_out
    FROM totals t LEFT JOIN unpaid u ON true
    ORDER BY u.accrued_at, u.id
  `.execute(trx);
  const first = rows[0];
  const unpaid: UnpaidEarning[] = [];
  for (const row of rows) {
    if (row.id === null || row.contract_id === null || row.amount === null) continue;
    unpaid.push({
      id: row.id,
      contract_id: row.contract_id,
      amount: BigInt(row.amount),
      disputed: row.disputed === true,
    });
  }
  return {
    unpaid,
    earned: BigInt(first?.earned ?? '0'),
    paidOut: BigInt(first?.paid_out ?? '0'),
  };
}

/**
 * The earnings a batch pays: all of them but those of a disputed contract whose unpaid sum is
 * positive (held until the dispute ends, like `held` in the balance).
 */
function payableItems(unpaid: readonly UnpaidEarning[]): UnpaidEarning[] {
  const disputedSums = new Map<string, bigint>();
  for (const earning of unpaid) {
    if (!earning.disputed) continue;
    disputedSums.set(
      earning.contract_id,
      (disputedSums.get(earning.contract_id) ?? 0n) + earning.amount,
    );
  }
  return unpaid.filter(
    (earning) => !earning.disputed || (disputedSums.get(earning.contract_id) ?? 0n) <= 0n,
  );
}

function nothingPayable(batch: NewBatch, owedAmount: bigint): HttpProblem {
  const debt = owedAmount > 0n ? ` The provider owes ${owedAmount} minor units back.` : '';
  return new HttpProblem(
    409,
    'nothing_payable',
    `Provider "${batch.provider}" has nothing payable in ${batch.currency}: every accrued earning is paid, in a batch on its way, or held.${debt}`,
  );
}

/** Stripe transfers HUF and TWD in whole units only: such an amount is refused, not rounded. */
function assertTransferable(amount: bigint, currency: string): void {
  try {
    toStripeAmount(money(amount, currency), 'payout');
  } catch (error) {
    if (!(error instanceof PricingError)) throw error;
    throw validationFailed([{ path: 'body.rail', message: `stripe_connect: ${error.message}` }]);
  }
}
