import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../db/schema';
import type { StripeCardRail } from '../../stripe/card-rail';
import { applyEvent } from './apply';
import { prepareEvent } from './prepare';

/** What one delivery did. */
export interface WebhookOutcome {
  readonly eventId: string;
  readonly type: string;
  /** The event id was processed before: nothing changed now. */
  readonly duplicate: boolean;
  readonly result: string;
}

/** What {@link processWebhook} needs. */
export interface WebhookDependencies {
  readonly db: Kysely<Database>;
  readonly rail: StripeCardRail;
  readonly now: Date;
  readonly log: Pick<Logger, 'info' | 'warn'>;
}

/**
 * One webhook delivery (billing.md §2): the signature and its timestamp are verified first
 * (throws `WebhookRejected`); a known event id is a no-op; what the effect needs from the rail
 * is looked up outside the transaction; then one transaction records the event id in
 * `processed_events` and applies the effect, so a crash leaves either both or neither, and a
 * concurrent second delivery waits on the id's row and then finds it.
 */
export async function processWebhook(
  deps: WebhookDependencies,
  rawBody: Uint8Array,
  signature: string | undefined,
): Promise<WebhookOutcome> {
  const verified = deps.rail.verifyWebhook(rawBody, signature, deps.now);
  const base = { eventId: verified.id, type: verified.type };
  const seen = await deps.db
    .selectFrom('processed_events')
    .select('event_id')
    .where('event_id', '=', verified.id)
    .executeTakeFirst();
  if (seen !== undefined) return { ...base, duplicate: true, result: 'duplicate' };
  const prepared = await prepareEvent(deps.db, deps.rail, deps.rail.parseEvent(verified));
  return deps.db.transaction().execute(async (trx) => {
    const recorded = await trx
      .insertInto('processed_events')
      .values({
        event_id: verified.id,
        rail: deps.rail.name,
        type: verified.type,
        processed_at: deps.now,
      })
      .onConflict((oc) => oc.column('event_id').doNothing())
      .returning('event_id')
      .executeTakeFirst();
    if (recorded === undefined) return { ...base, duplicate: true, result: 'duplicate' };
    const result = await applyEvent(trx, prepared, { now: deps.now, log: deps.log });
    deps.log.info({ eventId: verified.id, type: verified.type, result }, 'stripe event');
    return { ...base, duplicate: false, result };
  });
}
