import type { FeedbackBody } from '@dc/client';
import { type ContractStatus, isContractStatus, isTerminalStatus } from '@dc/state-machine';
import type { Kysely } from 'kysely';
import type { AccountCaller } from '../auth/caller';
import { contractAs } from '../contracts/access';
import type { Database } from '../db/schema';
import { conflict } from '../http/problem';

/** The rule every refusal names, so the renter knows when feedback opens. */
const RULE =
  'feedback is given once, by the renter, after a contract that was delivered (reached provisioned) has ended';

/**
 * Records the renter's feedback on contract `contractId` (trust.md §3). Refused with 403
 * `not_renter` for its provider or an admin, 404 for anyone else, and 409 when the contract
 * has not ended (`contract_not_ended`), ended without being delivered (`contract_not_delivered`)
 * or already has feedback (`feedback_exists`). The insert's primary key settles two concurrent
 * answers: the second gets `feedback_exists` too.
 */
export async function submitFeedback(
  db: Kysely<Database>,
  input: {
    readonly contractId: string;
    readonly caller: AccountCaller;
    readonly answers: FeedbackBody;
    readonly at: Date;
  },
): Promise<void> {
  const contract = await contractAs(
    db,
    input.contractId,
    input.caller,
    'renter',
    'answer its feedback questions',
  );
  const existing = await db
    .selectFrom('contract_feedback')
    .select('created_at')
    .where('contract_id', '=', contract.id)
    .executeTakeFirst();
  if (existing !== undefined) throw feedbackExists(existing.created_at);
  const status = contract.status as ContractStatus;
  if (!isContractStatus(status) || !isTerminalStatus(status)) {
    throw conflict(
      'contract_not_ended',
      `The contract is ${status}, so it has not ended yet; ${RULE}.`,
    );
  }
  const delivered = await db
    .selectFrom('contract_history')
    .select('id')
    .where('contract_id', '=', contract.id)
    .where('to_status', '=', 'provisioned')
    .executeTakeFirst();
  if (delivered === undefined) {
    throw conflict(
      'contract_not_delivered',
      `The contract ended ${status} without ever being provisioned; ${RULE}.`,
    );
  }
  const comment = input.answers.comment?.trim() ?? '';
  const inserted = await db
    .insertInto('contract_feedback')
    .values({
      contract_id: contract.id,
      renter_id: contract.renter_id,
      provider_id: contract.provider_id,
      matched_description: input.answers.matched_description,
      would_rent_again: input.answers.would_rent_again,
      comment: comment === '' ? null : comment,
      created_at: input.at,
    })
    .onConflict((conflicting) => conflicting.column('contract_id').doNothing())
    .returning('contract_id')
    .executeTakeFirst();
  if (inserted === undefined) throw feedbackExists(input.at);
}

function feedbackExists(at: Date) {
  return conflict(
    'feedback_exists',
    `This contract's feedback was given on ${at.toISOString()}; ${RULE}.`,
  );
}
