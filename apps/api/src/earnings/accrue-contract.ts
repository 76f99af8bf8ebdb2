import { money } from '@dc/pricing';
import { type ContractStatus, isTerminalStatus } from '@dc/state-machine';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { type ContractRow, loadSegments, termClock } from '../contracts/row';
import type { Database, EarningsAccrualsTable } from '../db/schema';
import { type ContractEarnings, contractEarnings } from './settle';

/** How often a running contract's earnings are brought up to date. */
export const ACCRUAL_INTERVAL_MS = 3_600_000;

/** Settings of one accrual. */
export interface AccrualSettings {
  readonly now: Date;
  /** The platform fee for contracts accrued for the first time (DC_PLATFORM_FEE_BPS). */
  readonly feeBps: bigint;
  /** A running contract is accrued again this long after its last accrual (or on a change). */
  readonly intervalMs?: number;
}

/**
 * What {@link accrueContract} did: `accrued` (an entry was written), `unchanged` (brought up
 * to date, nothing to book), `not_due`, `busy` (another worker holds it), `not_delivered`.
 */
export type AccrualOutcome = 'accrued' | 'unchanged' | 'not_due' | 'busy' | 'not_delivered';

type AccrualRow = Selectable<EarningsAccrualsTable>;

/**
 * Brings one contract's earnings up to date in its own transaction: its accrual row is claimed
 * with `FOR UPDATE SKIP LOCKED` (a worker that finds it held skips it), the contract is read
 * under `FOR SHARE` (its segments cannot change meanwhile), {@link contractEarnings} gives the
 * totals at `now`, and the difference from what was accrued before is appended to `earnings`
 * under `accrual:<contract>:<seq>`. The row's totals move in the same transaction, so two
 * workers never book the same change twice, and a crash books nothing (nor removes the
 * contract's `accrual` work mark, which goes in the same transaction). A terminal contract's
 * accrual is final; it is accrued again only if the contract changes later (a late refund, a
 * dispute's outcome).
 */
export function accrueContract(
  db: Kysely<Database>,
  contractId: string,
  settings: AccrualSettings,
): Promise<AccrualOutcome> {
  const { now } = settings;
  return db.transaction().execute(async (trx) => {
    const seed = await trx
      .selectFrom('contracts')
      .select(['provider_id', 'currency', 'term_start'])
      .where('id', '=', contractId)
      .executeTakeFirst();
    if (seed === undefined || seed.term_start === null) return 'not_delivered';
    await trx
      .insertInto('earnings_accruals')
      .values({
        contract_id: contractId,
        provider_id: seed.provider_id,
        currency: seed.currency,
        fee_bps: Number(settings.feeBps),
        next_at: now,
      })
      .onConflict((oc) => oc.column('contract_id').doNothing())
      .execute();
    const state = await trx
      .selectFrom('earnings_accruals')
      .selectAll()
      .where('contract_id', '=', contractId)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (state === undefined) return 'busy';
    const contract = await trx
      .selectFrom('contracts')
      .selectAll()
      .where('id', '=', contractId)
      .forShare()
      .executeTakeFirstOrThrow();
    // Under the share lock no writer can change the contract (nor so mark it again) until this
    // transaction ends: the mark can go, whatever is decided below.
    await trx
      .deleteFrom('billing_work')
      .where('kind', '=', 'accrual')
      .where('contract_id', '=', contractId)
      .execute();
    if (!isDue(state, contract, now)) return 'not_due';
    const target = contractEarnings({
      segments: await loadSegments(trx, contract),
      setupFee: money(contract.setup_fee, contract.currency),
      clock: termClock(contract),
      refunded: money(contract.refunded, contract.currency),
      now,
      feeBps: BigInt(state.fee_bps),
      chargedBack: contract.payment_status === 'charged_back',
    });
    const final = isTerminalStatus(contract.status as ContractStatus);
    const booked = await book(trx, state, contract, target, final, now);
    await trx
      .updateTable('earnings_accruals')
      .set({
        seq: booked ? state.seq + 1 : state.seq,
        consumed: target.consumed,
        platform_fee: target.platformFee,
        earned: target.earned,
        lost: target.lost,
        contract_updated_at: contract.updated_at,
        contract_refunded: contract.refunded,
        contract_payment_status: contract.payment_status,
        final,
        next_at: new Date(now.getTime() + (settings.intervalMs ?? ACCRUAL_INTERVAL_MS)),
        accrued_at: now,
      })
      .where('contract_id', '=', contractId)
      .execute();
    return booked ? 'accrued' : 'unchanged';
  });
}

/** Whether the contract changed since its last accrual in a way that can move its earnings. */
function changedSince(state: AccrualRow, contract: ContractRow): boolean {
  return (
    state.contract_updated_at?.getTime() !== contract.updated_at.getTime() ||
    state.contract_refunded !== contract.refunded ||
    state.contract_payment_status !== contract.payment_status
  );
}

/** Decided on the locked row, so a worker that lost the race to another one does nothing. */
function isDue(state: AccrualRow, contract: ContractRow, now: Date): boolean {
  if (state.accrued_at === null) return true;
  if (state.final) return changedSince(state, contract);
  return state.next_at.getTime() <= now.getTime() || changedSince(state, contract);
}

/**
 * Appends the change since the last accrual, when there is one (or when the contract just
 * became final, so its last settlement is on record). Returns whether an entry was written.
 */
async function book(
  trx: Transaction<Database>,
  state: AccrualRow,
  contract: ContractRow,
  target: ContractEarnings,
  final: boolean,
  now: Date,
): Promise<boolean> {
  const consumed = target.consumed - state.consumed;
  const platformFee = target.platformFee - state.platform_fee;
  const amount = target.earned - state.earned;
  const lost = target.lost - state.lost;
  const moved = consumed !== 0n || platformFee !== 0n || amount !== 0n || lost !== 0n;
  if (!moved && !(final && !state.final)) return false;
  const seq = state.seq + 1;
  await trx
    .insertInto('earnings')
    .values({
      idempotency_key: `accrual:${contract.id}:${seq}`,
      provider_id: contract.provider_id,
      contract_id: contract.id,
      seq,
      currency: contract.currency,
      consumed,
      platform_fee: platformFee,
      amount,
      paid: target.paid,
      refunded: target.refunded,
      refundable: target.refundable,
      consumed_to_date: target.consumed,
      platform_fee_to_date: target.platformFee,
      earned_to_date: target.earned,
      lost_to_date: target.lost,
      final,
      accrued_at: now,
    })
    .execute();
  return true;
}
