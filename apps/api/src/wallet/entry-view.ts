import type { WalletLedgerEntry } from '@dc/client';
import type { Selectable, Transaction } from 'kysely';
import type { z } from 'zod';
import type { DatabaseHandle } from '../db/connect';
import type { Database, WalletLedgerTable } from '../db/schema';

/** A ledger row as stored. */
export type LedgerRow = Selectable<WalletLedgerTable>;

/** The API form of a ledger row: amounts as JSON numbers, the id as a string. */
export function ledgerEntryView(row: LedgerRow): z.input<typeof WalletLedgerEntry> {
  return {
    id: row.id.toString(),
    currency: row.currency,
    amount: Number(row.amount),
    balance_after: Number(row.balance_after),
    kind: row.kind as z.input<typeof WalletLedgerEntry>['kind'],
    contract_id: row.contract_id,
    reference: row.reference,
    memo: row.memo,
    created_at: row.created_at.toISOString(),
  };
}

/** Reads one ledger row by id. */
export function ledgerRow(
  db: DatabaseHandle['db'] | Transaction<Database>,
  id: bigint,
): Promise<LedgerRow> {
  return db.selectFrom('wallet_ledger').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}
