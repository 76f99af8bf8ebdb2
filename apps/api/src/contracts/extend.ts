import type { ExtendBody } from '@dc/client';
import { add, chargeForHours, money } from '@dc/pricing';
import { type ExtendEvent, transition } from '@dc/state-machine';
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { AccountCaller } from '../auth/caller';
import type { Database } from '../db/schema';
import { conflict, HttpProblem, notFound } from '../http/problem';
import { enqueueReceipt } from '../receipts/enqueue';
import { postWalletEntry } from '../wallet/post-entry';
import { contractAs, partyActor } from './access';
import { applyContractEvent } from './apply-event';
import { refusalProblem } from './refusal';
import { type ContractRow, contractSnapshot, lockContract } from './row';
import { vatOn } from './vat-amounts';

/**
 * Extends contract `id` by `body.hours` inside `trx`: the extension is priced at the contract's
 * rent-time price by `@dc/pricing`, with VAT at the contract's rent-time treatment (never the
 * renter's current billing settings), checked against the state machine, paid from the wallet
 * (net + VAT; 402 when short) and only then appended as a segment, all in the one transaction,
 * so no extension ever exists unpaid. The idempotency key makes a retry return the same
 * extension.
 */
export async function extendContract(
  trx: Transaction<Database>,
  caller: AccountCaller,
  id: string,
  body: z.output<typeof ExtendBody>,
  context: { readonly now: Date; readonly sandboxMode: boolean },
): Promise<ContractRow> {
  const { now } = context;
  await contractAs(trx, id, caller, 'renter', 'extend it');
  const contract = await lockContract(trx, id);
  if (contract === undefined) throw notFound('Contract');
  const key = `extend:${contract.id}:${body.idempotency_key}`;
  const previous = await trx
    .selectFrom('contract_segments')
    .select('hours')
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  if (previous !== undefined) {
    if (previous.hours !== body.hours) {
      throw conflict(
        'idempotency_key_reused',
        `The idempotency key "${body.idempotency_key}" already bought ${previous.hours} hours; use a new key for a new extension.`,
      );
    }
    return contract;
  }
  const amount = chargeForHours(
    money(contract.price_per_month, contract.currency),
    BigInt(body.hours),
  ).amount;
  const event: ExtendEvent = {
    type: 'extend',
    segment: { hours: BigInt(body.hours), amount },
    payment: { status: 'succeeded', amount },
  };
  const actor = partyActor(caller, 'renter');
  // Ask the state machine first, so a refused extension never touches the wallet.
  const check = transition(await contractSnapshot(trx, contract), event, { now, actor });
  if (!check.ok) throw refusalProblem(check.error);
  await payExtension(trx, contract, amount, key, context);
  const applied = await applyContractEvent(trx, {
    contractId: contract.id,
    event,
    actor,
    now,
    idempotencyKey: key,
    memo: `${body.hours} h`,
  });
  return applied.contract;
}

/** Takes the extension's net `amount` plus its VAT (the segment's, see `addSegment`). */
async function payExtension(
  trx: Transaction<Database>,
  contract: ContractRow,
  amount: bigint,
  key: string,
  context: { readonly now: Date; readonly sandboxMode: boolean },
): Promise<void> {
  switch (contract.payment_rail) {
    case 'wallet': {
      const vat = vatOn(contract, amount);
      const gross = add(money(amount, contract.currency), money(vat, contract.currency)).amount;
      const debit = await postWalletEntry(trx, {
        accountId: contract.renter_id,
        currency: contract.currency,
        amount: -gross,
        kind: 'extension_debit',
        idempotencyKey: key,
        contractId: contract.id,
        now: context.now,
      });
      await enqueueReceipt(trx, {
        paymentKey: `ledger:${debit.ledgerId}`,
        accountId: contract.renter_id,
        kind: 'extension_debit',
        currency: contract.currency,
        amount: gross,
        ...(contract.vat_kind === 'none'
          ? {}
          : { vat: { amount: vat, rateBps: BigInt(contract.vat_rate_bps) } }),
        description: `Extension of contract ${contract.id}`,
        contractId: contract.id,
        at: context.now,
      });
      return;
    }
    case 'sandbox':
      if (!context.sandboxMode) {
        throw new HttpProblem(
          403,
          'sandbox_rail_outside_sandbox',
          'This contract was paid on the sandbox rail, which is only accepted in sandbox mode.',
        );
      }
      return;
    case 'card':
      // A card pays on a hosted page, after this request: the hours come with the payment.
      throw conflict(
        'card_extension_needs_checkout',
        `This contract is paid by card: buy more hours with POST /v1/contracts/${contract.id}/extension-checkout (a checkout page); they are added once the card payment arrives.`,
      );
    default:
      throw conflict(
        'rail_not_supported',
        `Extensions of contracts paid by ${contract.payment_rail} are not available yet.`,
      );
  }
}
