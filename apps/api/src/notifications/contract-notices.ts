import type { ContractStatus } from '@dc/state-machine';
import type { Kysely } from 'kysely';
import type { AppliedRefund } from '../contracts/refund';
import type { ContractRow } from '../contracts/row';
import type { Database } from '../db/schema';
import { enqueueNotification } from './enqueue';
import { notifyRefundIssued } from './money-notices';

/** The offering's name as rented (the contract's snapshot), for human text. */
export function offeringName(contract: Pick<ContractRow, 'offering_snapshot'>): string {
  const name = (contract.offering_snapshot as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name.length > 0 ? name : 'your server';
}

function contractData(contract: ContractRow): Record<string, unknown> {
  return {
    contract_id: contract.id,
    offering_id: contract.offering_id,
    status: contract.status,
  };
}

/**
 * "New paid request" to the provider, in the transaction where the request became paid: at
 * rent time on the wallet and sandbox rails, when the card payment arrives on the card rail.
 */
export async function notifyPaidRequest(
  trx: Kysely<Database>,
  contract: ContractRow,
  now: Date,
): Promise<void> {
  const name = offeringName(contract);
  await enqueueNotification(trx, {
    accountId: contract.provider_id,
    event: 'contract_requested',
    contractId: contract.id,
    title: `New paid rental request: ${name}`.slice(0, 200),
    body:
      `A renter requested and paid for ${name} (contract ${contract.id}). Unless your ` +
      `auto-accept rule takes it, accept it (POST /v1/contracts/${contract.id}/accept) or ` +
      `reject it (POST /v1/contracts/${contract.id}/reject).`,
    data: contractData(contract),
    dedupeKey: `contract_requested:${contract.id}`,
    at: now,
  });
}

/** What a status change tells the renter, if anything. */
function transitionNotice(
  contract: ContractRow,
  from: ContractStatus,
  to: ContractStatus,
): {
  event: 'contract_accepted' | 'contract_rejected' | 'contract_provisioned' | 'contract_failed';
  title: string;
  body: string;
} | null {
  const name = offeringName(contract);
  const id = contract.id;
  if (to === 'accepted' && from === 'requested') {
    return {
      event: 'contract_accepted',
      title: `Rental accepted: ${name}`,
      body: `The provider accepted contract ${id}; your server is being set up. You will be told when it is ready.`,
    };
  }
  if (to === 'rejected') {
    return {
      event: 'contract_rejected',
      title: `Rental request rejected: ${name}`,
      body: `The provider rejected contract ${id}. What you paid is refunded in full.`,
    };
  }
  if (to === 'provisioned' && (from === 'accepted' || from === 'provisioning')) {
    return {
      event: 'contract_provisioned',
      title: `Your server is ready: ${name}`,
      body: `Contract ${id} is delivered and its paid term has started. Access details: GET /v1/contracts/${id}/credentials.`,
    };
  }
  if (to === 'provisioning_failed') {
    return {
      event: 'contract_failed',
      title: `Provisioning failed: ${name}`,
      body: `Your server for contract ${id} could not be set up. What you paid is refunded in full.`,
    };
  }
  return null;
}

/**
 * The renter's notifications of one applied contract event, in its transaction (called by
 * `applyContractEvent`): accepted, rejected, provisioned (delivered, not resumed) and
 * provisioning failed; and a refund it credited to the wallet (card refunds are told when the
 * card refund succeeds). Each is keyed by the contract, so a status reached again is not
 * repeated.
 */
export async function notifyContractTransition(
  trx: Kysely<Database>,
  applied: {
    readonly contract: ContractRow;
    readonly from: ContractStatus;
    readonly to: ContractStatus;
    readonly refund: AppliedRefund | null;
    readonly now: Date;
  },
): Promise<void> {
  const { contract, now } = applied;
  const notice = transitionNotice(contract, applied.from, applied.to);
  if (notice !== null) {
    await enqueueNotification(trx, {
      accountId: contract.renter_id,
      event: notice.event,
      contractId: contract.id,
      title: notice.title.slice(0, 200),
      body: notice.body,
      data: contractData(contract),
      dedupeKey: `${notice.event}:${contract.id}`,
      at: now,
    });
  }
  const refund = applied.refund;
  if (refund !== null && refund.amount > 0n && contract.payment_rail !== 'card') {
    await notifyRefundIssued(trx, {
      renterId: contract.renter_id,
      contract,
      amount: refund.amount + refund.vat,
      currency: contract.currency,
      refundKey: refund.idempotencyKey,
      where: 'to your wallet',
      now,
    });
  }
}

/** "Password reset done" to the renter when the agent completes the reset job. */
export async function notifyPasswordReset(
  trx: Kysely<Database>,
  contract: ContractRow,
  jobId: string,
  now: Date,
): Promise<void> {
  await enqueueNotification(trx, {
    accountId: contract.renter_id,
    event: 'password_reset_done',
    contractId: contract.id,
    title: `Password reset done: ${offeringName(contract)}`.slice(0, 200),
    body: `The new password of contract ${contract.id} is sealed to your keys: GET /v1/contracts/${contract.id}/credentials.`,
    data: { ...contractData(contract), job_id: jobId },
    dedupeKey: `password_reset_done:${jobId}`,
    at: now,
  });
}
