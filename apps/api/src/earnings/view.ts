import type { EarningsBalance as BalanceJson, EarningEntry } from '@dc/client';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { EarningsTable } from '../db/schema';
import type { EarningsBalance } from './balances';

/** A balance as the API shows it. */
export function balanceView(balance: EarningsBalance): z.input<typeof BalanceJson> {
  return {
    currency: balance.currency,
    earned: Number(balance.earned),
    platform_fee: Number(balance.platformFee),
    paid_out: Number(balance.paidOut),
    in_flight: Number(balance.inFlight),
    held: Number(balance.held),
    payable: Number(balance.payable),
    owed: Number(balance.owed),
    last_accrued_at: balance.lastAccruedAt?.toISOString() ?? null,
  };
}

/** An earnings ledger row as the API shows it, with the live batch paying it. */
export function entryView(
  row: Selectable<EarningsTable> & { readonly payout_batch_id: string | null },
): z.input<typeof EarningEntry> {
  return {
    id: row.id,
    contract_id: row.contract_id,
    seq: row.seq,
    currency: row.currency,
    consumed: Number(row.consumed),
    platform_fee: Number(row.platform_fee),
    amount: Number(row.amount),
    paid: Number(row.paid),
    refunded: Number(row.refunded),
    refundable: Number(row.refundable),
    consumed_to_date: Number(row.consumed_to_date),
    platform_fee_to_date: Number(row.platform_fee_to_date),
    earned_to_date: Number(row.earned_to_date),
    lost_to_date: Number(row.lost_to_date),
    final: row.final,
    accrued_at: row.accrued_at.toISOString(),
    payout_batch_id: row.payout_batch_id,
  };
}
