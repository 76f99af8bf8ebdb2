import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema';
import { enqueueNotification } from '../notifications/enqueue';
import { postThreadMessage } from './post';

/** Options of {@link recordSlaBreaches}. */
export interface SlaBreachOptions {
  readonly now: Date;
  /** Most waits looked at in one run (the next run takes the rest). */
  readonly batchSize?: number;
  readonly log?: Pick<Logger, 'error'>;
}

const hours = (seconds: number) => `${Number((seconds / 3600).toFixed(2))} h`;

/**
 * Marks every wait that is past its SLA without a provider reply as breached (trust.md §4),
 * each in its own transaction with its consequences: a `system` note in the thread (automated,
 * so it neither opens nor closes a wait), and an `sla_breach` notification to the provider (to
 * answer) and to the renter (that the miss is on the provider's record).
 *
 * Safe with several instances running it at once: each wait is handled under its contract's
 * row lock taken with SKIP LOCKED (the same lock a post takes first, so a reply and a breach
 * are ordered, never interleaved), and it is re-read under the lock, so a wait is breached once
 * and never after its reply committed. Returns how many waits it breached.
 */
export async function recordSlaBreaches(
  db: Kysely<Database>,
  options: SlaBreachOptions,
): Promise<number> {
  const due = await db
    .selectFrom('message_waits')
    .select(['renter_message_id', 'contract_id'])
    .where('replied_at', 'is', null)
    .where('breached_at', 'is', null)
    .where(sql<boolean>`asked_at + make_interval(secs => sla_seconds) <= ${options.now}`)
    .orderBy('asked_at')
    .limit(options.batchSize ?? 500)
    .execute();
  let breached = 0;
  for (const wait of due) {
    try {
      if (await breachOne(db, wait.renter_message_id, wait.contract_id, options.now)) {
        breached += 1;
      }
    } catch (error) {
      options.log?.error(
        { err: error, renterMessageId: wait.renter_message_id },
        'recording an SLA breach failed',
      );
    }
  }
  return breached;
}

async function breachOne(
  db: Kysely<Database>,
  renterMessageId: string,
  contractId: string,
  now: Date,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const contract = await trx
      .selectFrom('contracts')
      .selectAll()
      .where('id', '=', contractId)
      .forNoKeyUpdate()
      .skipLocked()
      .executeTakeFirst();
    // Another instance (or a post) holds the thread: it is handled there or on the next run.
    if (contract === undefined) return false;
    const wait = await trx
      .updateTable('message_waits')
      .set({ breached_at: now })
      .where('renter_message_id', '=', renterMessageId)
      .where('replied_at', 'is', null)
      .where('breached_at', 'is', null)
      .where(sql<boolean>`asked_at + make_interval(secs => sla_seconds) <= ${now}`)
      .returning(['asked_at', 'sla_seconds'])
      .executeTakeFirst();
    if (wait === undefined) return false;
    const sla = hours(wait.sla_seconds);
    await postThreadMessage(trx, {
      contract,
      authorId: null,
      authorName: 'platform',
      role: 'system',
      text:
        `No reply from the provider within the offering's response time of ${sla} after the ` +
        `renter's message of ${wait.asked_at.toISOString()}. This is recorded as a missed ` +
        "response on the provider's record; the wait ends with the provider's first reply.",
      attachments: [],
      automated: true,
      via: 'system',
      at: now,
    });
    const common = {
      event: 'sla_breach',
      contractId,
      data: {
        contract_id: contractId,
        renter_message_id: renterMessageId,
        asked_at: wait.asked_at.toISOString(),
        sla_hours: wait.sla_seconds / 3600,
      },
      dedupeKey: `sla_breach:${renterMessageId}`,
      at: now,
    } as const;
    await enqueueNotification(trx, {
      ...common,
      accountId: contract.provider_id,
      title: `Response time missed on contract ${contractId.slice(0, 8)}`,
      body:
        `A renter's message on contract ${contractId} has had no reply within your ${sla} ` +
        "response time. Answer it in the contract's thread; the miss counts on your record.",
    });
    await enqueueNotification(trx, {
      ...common,
      accountId: contract.renter_id,
      title: `No reply yet on contract ${contractId.slice(0, 8)}`,
      body:
        `The provider has not answered your message on contract ${contractId} within its ` +
        `${sla} response time. The miss is recorded on the provider's record; the thread stays open.`,
    });
    return true;
  });
}
