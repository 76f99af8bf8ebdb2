import { money, owed, PricingError, payable, toStripeAmount } from '@dc/pricing';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { HttpProblem, validationFailed } from '../http/problem';
import type { PayoutRailName } from './rails/rail';
import { payableItems, unpaidPosition } from './unpaid';

/** What a new batch is for. */
export interface NewBatch {
  readonly provider: string;
  readonly currency: string;
  readonly rail: PayoutRailName;
  readonly idempotencyKey: string;
  readonly admin: string;
  readonly now: Date;
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
