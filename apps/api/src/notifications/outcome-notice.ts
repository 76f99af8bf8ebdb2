import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** `data.notice` of the inbox entry {@link recordOutcomeUnknownNotice} writes. */
export const OUTCOME_UNKNOWN_NOTICE = 'delivery_outcome_unknown';

/**
 * Tells the account in its inbox that a Telegram message may not have arrived: its delivery was
 * given up with an unknown outcome (never repeated: Telegram cannot recognise a repeat). The
 * notice is an inbox entry of the event it was about (same `event` and contract), titled "Telegram
 * message may not have arrived: <title>", repeating the title and body, with
 * `data.notice = "delivery_outcome_unknown"` and the notification and delivery it concerns; so
 * nothing is lost even when the inbox was off for that event. Call it in the transaction that
 * gives the delivery up; one notice per delivery (its dedupe key), however often it is called.
 * In-app only: no delivery hangs off it, so it is never sent anywhere itself.
 */
export async function recordOutcomeUnknownNotice(
  trx: Kysely<Database>,
  params: { readonly deliveryId: string; readonly notificationId: string; readonly now: Date },
): Promise<void> {
  const about = await trx
    .selectFrom('notifications')
    .select(['id', 'account_id', 'event', 'title', 'body', 'contract_id', 'created_at'])
    .where('id', '=', params.notificationId)
    .executeTakeFirstOrThrow();
  const intro =
    'A Telegram message about this could not be confirmed: the send was interrupted and is not ' +
    'repeated (Telegram cannot recognise a repeated message), so it may or may not have arrived. ' +
    'What it said:';
  await trx
    .insertInto('notifications')
    .values({
      account_id: about.account_id,
      event: about.event,
      contract_id: about.contract_id,
      title: `Telegram message may not have arrived: ${about.title}`.slice(0, 200),
      body: `${intro}\n\n${about.title}\n\n${about.body}`.slice(0, 4000),
      data: JSON.stringify({
        notice: OUTCOME_UNKNOWN_NOTICE,
        channel: 'telegram',
        delivery_id: params.deliveryId,
        notification_id: about.id,
        notification_created_at: about.created_at.toISOString(),
      }),
      dedupe_key: `${OUTCOME_UNKNOWN_NOTICE}:${params.deliveryId}`,
      in_app: true,
      created_at: params.now,
    })
    .onConflict((oc) => oc.columns(['account_id', 'dedupe_key']).doNothing())
    .execute();
}
