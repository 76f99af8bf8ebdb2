import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';
import { offeringName } from './contract-notices';
import { enqueueNotification } from './enqueue';

/** The reminder goes out this long before a paid term ends. */
export const TERM_ENDING_NOTICE_MS = 48 * 3_600_000;

/** The reminder's dedupe key: per contract and term end, so an extension re-arms it. */
export function termEndingKey(contractId: string, termEnd: Date): string {
  return `term_ending:${contractId}:${termEnd.getTime()}`;
}

/**
 * Reminds renters whose running contract's paid term ends within 48 h of `now` (and has not
 * ended yet), once per contract and term end: the key carries the term end, so an extension
 * (a later term end) reminds again when that end comes near. Contracts whose whole term is 48 h
 * or shorter get none (they knew the end when they rented). Safe on every instance at once:
 * the key makes a second enqueue a no-op. Returns how many reminders were queued.
 */
export async function remindTermEndings(
  db: Kysely<Database>,
  now: Date,
  batchSize = 200,
): Promise<number> {
  const horizon = new Date(now.getTime() + TERM_ENDING_NOTICE_MS);
  const due = await db
    .selectFrom('contracts as c')
    .selectAll('c')
    .where('c.status', 'in', ['provisioned', 'active'])
    .where('c.term_end', '>', now)
    .where('c.term_end', '<=', horizon)
    .where(sql<boolean>`c.term_end - c.term_start > interval '48 hours'`)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('notifications as n')
            .select('n.id')
            .whereRef('n.account_id', '=', 'c.renter_id')
            .where(
              'n.dedupe_key',
              '=',
              sql<string>`'term_ending:' || c.id || ':' || (extract(epoch from c.term_end) * 1000)::bigint`,
            ),
        ),
      ),
    )
    .orderBy('c.term_end')
    .limit(batchSize)
    .execute();
  for (const contract of due) {
    const termEnd = contract.term_end;
    if (termEnd === null) continue;
    const hours = Math.max(1, Math.round((termEnd.getTime() - now.getTime()) / 3_600_000));
    await db.transaction().execute((trx) =>
      enqueueNotification(trx, {
        accountId: contract.renter_id,
        event: 'term_ending',
        contractId: contract.id,
        title: `Your rental ends in ${hours} h: ${offeringName(contract)}`.slice(0, 200),
        body:
          `The paid term of contract ${contract.id} ends at ${termEnd.toISOString()}. ` +
          `Extend it to keep the server: POST /v1/contracts/${contract.id}/extend.`,
        data: { contract_id: contract.id, term_end: termEnd.toISOString() },
        dedupeKey: termEndingKey(contract.id, termEnd),
        at: now,
      }),
    );
  }
  return due.length;
}
