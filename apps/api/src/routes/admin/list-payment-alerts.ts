import type { operations, PaymentAlert } from '@dc/client';
import type { Handler } from '../../http/mount';
import { validationFailed } from '../../http/problem';
import type { CardPaymentStatus } from '../../payments/store';

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([0-9a-f-]{36})$/;

/**
 * `GET /v1/admin/payment-alerts`: alerts newest first, optionally of one kind or payment, or
 * only those whose payment is still held and not released; each with its payment's status now.
 * The cursor is the last row's creation time and id.
 */
export const listPaymentAlerts: Handler<typeof operations.listPaymentAlerts> = async (
  { query },
  ctx,
) => {
  const cursor = query.cursor === undefined ? undefined : CURSOR.exec(query.cursor);
  if (cursor === null) {
    throw validationFailed(
      [{ path: 'query.cursor', message: 'must be a next_cursor returned by this list' }],
      400,
    );
  }
  let select = ctx.db
    .selectFrom('payment_alerts as a')
    .leftJoin('payments as p', 'p.id', 'a.payment_id')
    .select([
      'a.id',
      'a.kind',
      'a.payment_id',
      'a.refund_id',
      'a.detail',
      'a.created_at',
      'p.status as payment_status',
      'p.released_at',
      'p.released_by',
      'p.release_note',
    ])
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(query.limit + 1);
  if (query.kind !== undefined) select = select.where('a.kind', '=', query.kind);
  if (query.payment_id !== undefined) select = select.where('a.payment_id', '=', query.payment_id);
  if (query.unreleased_only) {
    select = select.where('p.status', '=', 'held').where('p.released_at', 'is', null);
  }
  if (cursor !== undefined) {
    const at = new Date(cursor[1] ?? '');
    const id = cursor[2] ?? '';
    select = select.where((eb) =>
      eb.or([
        eb('a.created_at', '<', at),
        eb.and([eb('a.created_at', '=', at), eb('a.id', '<', id)]),
      ]),
    );
  }
  const rows = await select.execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      id: row.id,
      kind: row.kind as PaymentAlert['kind'],
      payment_id: row.payment_id,
      refund_id: row.refund_id,
      detail: row.detail,
      created_at: row.created_at.toISOString(),
      payment_status: row.payment_status as CardPaymentStatus | null,
      released_at: row.released_at?.toISOString() ?? null,
      released_by: row.released_by,
      release_note: row.release_note,
    })),
    next_cursor:
      rows.length > query.limit && last !== undefined
        ? `${last.created_at.toISOString()}_${last.id}`
        : null,
  };
};
