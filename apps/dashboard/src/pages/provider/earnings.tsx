import { getMyEarnings, listMyEarnings } from '@dc/client';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { formatAmount, formatTime } from '../../components/money';
import { QueryState } from '../../components/status';
import { useSignedIn } from '../../session/session';
import { LazyTimeChart } from './charts/lazy-chart';
import { earningsPerDay } from './earnings-series';
import { Payouts } from './payouts';
import { TableWrap } from './table-wrap';

const formatY = (value: number) => value.toFixed(2);

/** Earnings per currency, the ledger behind them (chart and table), and payouts. */
export default function Earnings() {
  const { client } = useSignedIn();
  const summary = useQuery({ queryKey: ['earnings'], queryFn: () => getMyEarnings(client, {}) });
  const entries = useQuery({
    queryKey: ['earning-entries'],
    queryFn: () => listMyEarnings(client, { limit: 100 }),
  });
  const chart = useMemo(() => earningsPerDay(entries.data?.items ?? []), [entries.data]);
  return (
    <>
      <section aria-labelledby="earnings-h">
        <h2 id="earnings-h">Earnings</h2>
        <QueryState
          loading={summary.isPending}
          error={summary.error}
          empty={summary.data?.balances.length === 0}
          emptyText="No earnings yet: they accrue hourly while your servers run, and at once when a contract ends."
        >
          <TableWrap label="Balances">
            <table>
              <caption className="visually-hidden">Balance per currency</caption>
              <thead>
                <tr>
                  <th scope="col">Currency</th>
                  <th scope="col">Earned</th>
                  <th scope="col">Platform fee</th>
                  <th scope="col">Paid out</th>
                  <th scope="col">In payouts</th>
                  <th scope="col">Held</th>
                  <th scope="col">Payable</th>
                  <th scope="col">Owed</th>
                  <th scope="col">Last accrued</th>
                </tr>
              </thead>
              <tbody>
                {summary.data?.balances.map((b) => (
                  <tr key={b.currency}>
                    <td>{b.currency}</td>
                    <td data-testid={`earned-${b.currency}`}>
                      {formatAmount(b.earned, b.currency)}
                    </td>
                    <td>{formatAmount(b.platform_fee, b.currency)}</td>
                    <td>{formatAmount(b.paid_out, b.currency)}</td>
                    <td>{formatAmount(b.in_flight, b.currency)}</td>
                    <td>{formatAmount(b.held, b.currency)}</td>
                    <td>{formatAmount(b.payable, b.currency)}</td>
                    <td>{formatAmount(b.owed, b.currency)}</td>
                    <td>{formatTime(b.last_accrued_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </QueryState>
      </section>
      <section aria-labelledby="ledger-h">
        <h2 id="ledger-h">Earnings per day</h2>
        <QueryState
          loading={entries.isPending}
          error={entries.error}
          empty={entries.data?.items.length === 0}
          emptyText="No earning booked yet."
        >
          <LazyTimeChart
            summary={`Earnings per day over the last ${chart.x.length} days with earnings; the ledger table below lists every entry.`}
            x={chart.x}
            series={chart.series}
            formatY={formatY}
          />
          <h3 id="entries-h">Ledger</h3>
          <TableWrap label="Earnings ledger">
            <table aria-labelledby="entries-h" data-testid="earnings-table">
              <thead>
                <tr>
                  <th scope="col">Accrued</th>
                  <th scope="col">Contract</th>
                  <th scope="col">Consumed</th>
                  <th scope="col">Platform fee</th>
                  <th scope="col">Earned</th>
                  <th scope="col">Final</th>
                  <th scope="col">Payout</th>
                </tr>
              </thead>
              <tbody>
                {entries.data?.items.map((e) => (
                  <tr key={e.id}>
                    <td>{formatTime(e.accrued_at)}</td>
                    <td>
                      <Link to={`/contracts/${e.contract_id}`}>
                        <span className="mono">{e.contract_id.slice(0, 8)}</span>
                        <span className="visually-hidden"> (entry {e.seq})</span>
                      </Link>
                    </td>
                    <td>{formatAmount(e.consumed, e.currency)}</td>
                    <td>{formatAmount(e.platform_fee, e.currency)}</td>
                    <td>{formatAmount(e.amount, e.currency)}</td>
                    <td>{e.final ? 'yes' : 'no'}</td>
                    <td>{e.payout_batch_id ? 'in a payout' : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          {entries.data?.next_cursor ? (
            <p className="muted">The newest 100 entries; the balances above count them all.</p>
          ) : null}
        </QueryState>
      </section>
      <Payouts />
    </>
  );
}
