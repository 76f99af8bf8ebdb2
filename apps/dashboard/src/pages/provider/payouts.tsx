import { getMyPayout, listMyPayouts, type PayoutBatch } from '@dc/client';
import { useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { Link } from 'react-router';
import { formatAmount, formatTime } from '../../components/money';
import { QueryState } from '../../components/status';
import { useSignedIn } from '../../session/session';
import { TableWrap } from './table-wrap';

/** The provider's payout batches, newest first; each opens to the earnings it pays. */
export function Payouts() {
  const { client } = useSignedIn();
  const [open, setOpen] = useState<string | null>(null);
  const payouts = useQuery({
    queryKey: ['my-payouts'],
    queryFn: () => listMyPayouts(client, { limit: 50 }),
  });
  return (
    <section aria-labelledby="payouts-h">
      <h2 id="payouts-h">Payouts</h2>
      <QueryState
        loading={payouts.isPending}
        error={payouts.error}
        empty={payouts.data?.items.length === 0}
        emptyText="No payout yet: the platform pays what is payable in batches."
      >
        <TableWrap label="Payouts">
          <table>
            <caption className="visually-hidden">Payout batches, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">Amount</th>
                <th scope="col">Rail</th>
                <th scope="col">Status</th>
                <th scope="col">Reference</th>
                <th scope="col">Earnings</th>
              </tr>
            </thead>
            <tbody>
              {payouts.data?.items.map((p) => (
                <Fragment key={p.id}>
                  <tr>
                    <td>{formatTime(p.created_at)}</td>
                    <td>{formatAmount(p.amount, p.currency)}</td>
                    <td>{p.rail.replace('_', ' ')}</td>
                    <td>
                      {p.status}
                      {p.failure_reason ? `: ${p.failure_reason}` : ''}
                    </td>
                    <td>{p.external_reference ?? '—'}</td>
                    <td>
                      <button
                        type="button"
                        className="secondary small"
                        aria-expanded={open === p.id}
                        onClick={() => setOpen(open === p.id ? null : p.id)}
                      >
                        {p.item_count} earnings
                      </button>
                    </td>
                  </tr>
                  {open === p.id ? (
                    <tr>
                      <td colSpan={6}>
                        <PayoutItems batch={p} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </QueryState>
    </section>
  );
}

function PayoutItems({ batch }: { readonly batch: PayoutBatch }) {
  const { client } = useSignedIn();
  const detail = useQuery({
    queryKey: ['my-payout', batch.id],
    queryFn: () => getMyPayout(client, { id: batch.id }),
  });
  return (
    <QueryState loading={detail.isPending} error={detail.error}>
      <ul>
        {detail.data?.items.map((item) => (
          <li key={item.earning_id}>
            {formatAmount(item.amount, batch.currency)} for{' '}
            <Link to={`/contracts/${item.contract_id}`}>
              contract {item.contract_id.slice(0, 8)}
            </Link>
            {item.released ? ' (released: payable again)' : ''}
          </li>
        ))}
      </ul>
    </QueryState>
  );
}
