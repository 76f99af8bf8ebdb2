import { listWalletLedger, type Offering } from '@dc/client';
import { renderReceipt } from '../../src/receipts/render';
import type { ContractWorld } from '../contracts/_http';
import { usdOffering } from '../contracts/_http';
import type { TestAccount } from '../offerings/_support';

/** A EUR offering of `provider` at `price` a month (no setup fee unless given). */
export function eurOffering(
  provider: TestAccount,
  price: number,
  setupFee = 0,
  name = 'Cloud VPS S',
): Promise<Offering> {
  return usdOffering(provider, {
    currency: 'EUR',
    price_per_month: price,
    setup_fee: setupFee,
    name,
  });
}

/** The signed amounts of `account`'s ledger entries of `kind` for `contractId`, oldest first. */
export async function ledgerAmounts(
  account: TestAccount,
  kind: string,
  contractId: string,
): Promise<number[]> {
  const page = await listWalletLedger(account.client, { limit: 100 });
  return page.items
    .filter((entry) => entry.kind === kind && entry.contract_id === contractId)
    .map((entry) => entry.amount)
    .reverse();
}

/** The receipt text queued for `contractId`'s payments, oldest first, as the mail will read. */
export async function receiptTexts(world: ContractWorld, contractId: string): Promise<string[]> {
  const rows = await world.server.database.db
    .selectFrom('mail_outbox')
    .select(['key', 'payload'])
    .where('template', '=', 'receipt')
    .orderBy('created_at')
    .orderBy('key')
    .execute();
  return rows
    .filter((row) => (row.payload as { contract_id?: unknown }).contract_id === contractId)
    .map((row) => renderReceipt(row, 'renter@example.com').text);
}
