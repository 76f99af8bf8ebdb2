import type { Contract } from '@dc/client';
import type { ContractEvent } from '@dc/state-machine';
import { accountCaller } from '../accounts/caller';
import type { RequestContext } from '../http/context';
import { contractAs, partyActor } from './access';
import { applyContractEvent } from './apply-event';
import { contractView } from './view';

/** What a party's event route answers: the contract after it and the refund it credited. */
export interface PartyEventResult {
  readonly contract: Contract;
  /** Net refund, and the VAT given back with it. */
  readonly refund: number;
  readonly refund_vat: number;
}

/**
 * Sends `event` to contract `id` as the caller in `party` role, in one transaction: a caller
 * unrelated to the contract gets 404, the other party 403, and the state machine decides the
 * rest (see `applyContractEvent`).
 */
export function sendPartyEvent(
  ctx: RequestContext,
  id: string,
  party: 'renter' | 'provider',
  action: string,
  event: ContractEvent,
): Promise<PartyEventResult> {
  const caller = accountCaller(ctx);
  const now = ctx.services.now();
  return ctx.db.transaction().execute(async (trx) => {
    const contract = await contractAs(trx, id, caller, party, action);
    const applied = await applyContractEvent(trx, {
      contractId: contract.id,
      event,
      actor: partyActor(caller, party),
      now,
    });
    return {
      contract: await contractView(trx, applied.contract),
      refund: Number(applied.refund?.amount ?? 0n),
      refund_vat: Number(applied.refund?.vat ?? 0n),
    };
  });
}
