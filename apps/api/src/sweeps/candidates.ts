import type { Timeouts } from '@dc/state-machine';
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from '../db/schema';

/** One kind of sweep of spec §6, by the contracts it may apply to. */
export type SweepKind =
  | 'request_timeout'
  | 'unpaid_request'
  | 'provisioning_timeout'
  | 'term_end'
  | 'delivery_grace';

/** Every sweep kind, in the order a run visits them. */
export const SWEEP_KINDS: readonly SweepKind[] = [
  'request_timeout',
  'unpaid_request',
  'provisioning_timeout',
  'term_end',
  'delivery_grace',
];

type ContractQuery = SelectQueryBuilder<Database, 'contracts', { id: string }>;

const before = (now: Date, ms: number) => new Date(now.getTime() - ms);

/**
 * Narrows `query` to the contracts a sweep kind may be due for. These filters only pick
 * candidates (each uses one of the partial indexes of migration 0002); `dueSweep` on the locked
 * row decides, so a filter that is too wide costs a read, never a wrong transition.
 */
function filter(query: ContractQuery, kind: SweepKind, now: Date, t: Timeouts): ContractQuery {
  switch (kind) {
    case 'request_timeout':
      // Once an agent leased the provision job, the provisioning timeout governs instead.
      return query
        .where('status', 'in', ['requested', 'accepted'])
        .where('requested_at', '<=', before(now, t.unacceptedRequestMs))
        .where('provision_first_leased_at', 'is', null);
    case 'unpaid_request':
      return query
        .where('status', '=', 'requested')
        .where('payment_status', 'in', ['pending', 'failed'])
        .where('requested_at', '<=', before(now, t.unpaidRequestMs));
    case 'provisioning_timeout': {
      const cutoff = before(now, t.provisioningMs);
      return query
        .where('status', 'in', ['accepted', 'provisioning'])
        .where((eb) =>
          eb.or([
            eb('provision_first_leased_at', '<=', cutoff),
            eb.exists(
              eb
                .selectFrom('jobs')
                .select('jobs.id')
                .whereRef('jobs.contract_id', '=', 'contracts.id')
                .where('jobs.kind', '=', 'provision')
                .where('jobs.first_leased_at', '<=', cutoff),
            ),
          ]),
        )
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('jobs')
                .select('jobs.id')
                .whereRef('jobs.contract_id', '=', 'contracts.id')
                .where('jobs.kind', '=', 'provision')
                .where('jobs.status', '=', 'leased')
                .where('jobs.lease_expires_at', '>', now),
            ),
          ),
        );
    }
    case 'term_end':
      return query.where('status', 'in', ['provisioned', 'active']).where('term_end', '<=', now);
    case 'delivery_grace':
      return query
        .where('status', '=', 'provisioned')
        .where('term_start', '<=', before(now, t.deliveryGraceMs));
  }
}

/**
 * One page of candidate contract ids for `kind` at `now`, in id order after `after` (keyset
 * paging: a candidate that turns out not to be due is never read twice in one run). Reads
 * without locks; each contract is claimed in its own transaction afterwards.
 */
export function candidatePage(
  db: Kysely<Database>,
  kind: SweepKind,
  params: {
    readonly now: Date;
    readonly timeouts: Timeouts;
    readonly after: string | null;
    readonly limit: number;
  },
): Promise<string[]> {
  let query: ContractQuery = db.selectFrom('contracts').select('contracts.id');
  query = filter(query, kind, params.now, params.timeouts);
  if (params.after !== null) query = query.where('contracts.id', '>', params.after);
  return query
    .orderBy('contracts.id')
    .limit(params.limit)
    .execute()
    .then((rows) => rows.map((row) => row.id));
}
