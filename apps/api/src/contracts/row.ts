import { money, type Segment, type TermClock } from '@dc/pricing';
import type {
  ContractSnapshot,
  ContractStatus,
  PausableStatus,
  PaymentStatus,
} from '@dc/state-machine';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ContractsTable, Database } from '../db/schema';

/** A contract row as read from the database. */
export type ContractRow = Selectable<ContractsTable>;

/** The contract's paid segments in purchase order, as `@dc/pricing` wants them. */
export async function loadSegments(
  trx: Kysely<Database>,
  contract: ContractRow,
): Promise<Segment[]> {
  const rows = await trx
    .selectFrom('contract_segments')
    .select(['hours', 'amount'])
    .where('contract_id', '=', contract.id)
    .orderBy('seq')
    .execute();
  return rows.map((row) => ({
    hours: BigInt(row.hours),
    amount: money(row.amount, contract.currency),
  }));
}

/** The term clock of a contract row; `endedAt` may be overridden (the moment it ends now). */
export function termClock(
  contract: ContractRow,
  endedAt: Date | null = contract.ended_at,
): TermClock {
  return {
    start: contract.term_start,
    pausedMillis: contract.paused_millis,
    pausedSince: contract.paused_since,
    endedAt: contract.term_start === null ? null : endedAt,
  };
}

/** What `transition()` reads, from the locked row and its provision job. */
export async function contractSnapshot(
  trx: Kysely<Database>,
  contract: ContractRow,
): Promise<ContractSnapshot> {
  const job = await trx
    .selectFrom('jobs')
    .select(['status', 'first_leased_at', 'lease_expires_at'])
    .where('contract_id', '=', contract.id)
    .where('kind', '=', 'provision')
    .executeTakeFirst();
  return {
    status: contract.status as ContractStatus,
    pausedFrom: contract.paused_from as PausableStatus | null,
    payment: {
      status: contract.payment_status as PaymentStatus,
      paid: contract.paid,
      refunded: contract.refunded,
    },
    requestedAt: contract.requested_at,
    termStart: contract.term_start,
    termEnd: contract.term_end,
    provisionJob:
      job === undefined
        ? null
        : {
            firstLeasedAt: job.first_leased_at ?? contract.provision_first_leased_at,
            leaseExpiresAt: job.status === 'leased' ? job.lease_expires_at : null,
          },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Locks the contract row for the rest of `trx`; `undefined` when there is none. */
export async function lockContract(
  trx: Transaction<Database>,
  contractId: string,
): Promise<ContractRow | undefined> {
  if (!UUID.test(contractId)) return undefined;
  return trx
    .selectFrom('contracts')
    .selectAll()
    .where('id', '=', contractId)
    .forUpdate()
    .executeTakeFirst();
}
