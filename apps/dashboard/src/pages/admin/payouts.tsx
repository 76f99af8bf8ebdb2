import {
  createPayoutBatch,
  listPayableBalances,
  listPayoutBatches,
  PAYOUT_STATUSES,
  type PayableBalance,
} from '@dc/client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { idempotencyKey } from '../../api/errors';
import { formatAmount, formatTime } from '../../components/money';
import { ErrorText, QueryState } from '../../components/status';
import { useSignedIn } from '../../session/session';
import { useCursorPages } from './cursor-pages';
import { Pager } from './pager';

/** Admin, Payouts: what each provider can be paid, and the payout batches. */
export function Payouts() {
  return (
    <>
      <PayableBalances />
      <Batches />
    </>
  );
}

function PayableBalances() {
  const { client } = useSignedIn();
  const pages = useCursorPages();
  const balances = useQuery({
    queryKey: ['admin-payable-balances', pages.cursor],
    queryFn: () =>
      listPayableBalances(client, {
        limit: 20,
        ...(pages.cursor === undefined ? {} : { cursor: pages.cursor }),
      }),
  });
  return (
    <section aria-labelledby="balances-h">
      <h2 id="balances-h">Payable balances</h2>
      <QueryState
        loading={balances.isPending}
        error={balances.error}
        empty={balances.data?.items.length === 0}
        emptyText="No provider has earned anything yet: there is nothing to pay out."
      >
        <div className="table-wrap area-table">
          <table>
            <caption className="visually-hidden">Provider balances per currency</caption>
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col">Earned</th>
                <th scope="col">Paid out</th>
                <th scope="col">In flight</th>
                <th scope="col">Held</th>
                <th scope="col">Payable</th>
                <th scope="col">Owed</th>
                <th scope="col">Batch</th>
              </tr>
            </thead>
            <tbody>
              {balances.data?.items.map((b) => (
                <BalanceRow key={`${b.provider}|${b.currency}`} balance={b} />
              ))}
            </tbody>
          </table>
        </div>
      </QueryState>
      <Pager
        label="Balance pages"
        page={pages.page}
        nextCursor={balances.data?.next_cursor}
        onNext={pages.next}
        onPrevious={pages.previous}
      />
    </section>
  );
}

function BalanceRow({ balance: b }: { readonly balance: PayableBalance }) {
  const { client } = useSignedIn();
  const navigate = useNavigate();
  // One key per batch the admin means to create: a retry after a timeout gets the same batch.
  const [key] = useState(idempotencyKey);
  const [rail, setRail] = useState<'manual' | 'stripe_connect'>('manual');
  const create = useMutation({
    mutationFn: () =>
      createPayoutBatch(client, {
        body: { provider: b.provider, currency: b.currency, rail, idempotency_key: key },
      }),
    onSuccess: (batch) => navigate(`/admin/payouts/${batch.id}`),
  });
  const money = (minor: number) => formatAmount(minor, b.currency);
  const railId = `rail-${b.provider}-${b.currency}`;
  return (
    <tr>
      <th scope="row">@{b.provider}</th>
      <td>{money(b.earned)}</td>
      <td>{money(b.paid_out)}</td>
      <td>{money(b.in_flight)}</td>
      <td>{money(b.held)}</td>
      <td>
        <strong>{money(b.payable)}</strong>
      </td>
      <td>{money(b.owed)}</td>
      <td>
        {b.payable > 0 ? (
          <div className="actions">
            <label htmlFor={railId} className="visually-hidden">
              Rail for @{b.provider} in {b.currency}
            </label>
            <select
              id={railId}
              value={rail}
              onChange={(e) => setRail(e.target.value as typeof rail)}
            >
              <option value="manual">manual</option>
              {b.payout_stripe_account ? (
                <option value="stripe_connect">Stripe Connect</option>
              ) : null}
            </select>
            <button
              type="button"
              className="small"
              disabled={create.isPending}
              onClick={() => create.mutate()}
            >
              Create a batch
              <span className="visually-hidden">
                {' '}
                for @{b.provider} in {b.currency}
              </span>
            </button>
          </div>
        ) : (
          <span className="muted">Nothing payable</span>
        )}
        <ErrorText error={create.error} />
      </td>
    </tr>
  );
}

function Batches() {
  const { client } = useSignedIn();
  const pages = useCursorPages();
  const [status, setStatus] = useState<(typeof PAYOUT_STATUSES)[number] | ''>('');
  const batches = useQuery({
    queryKey: ['admin-payout-batches', status, pages.cursor],
    queryFn: () =>
      listPayoutBatches(client, {
        limit: 20,
        ...(status === '' ? {} : { status }),
        ...(pages.cursor === undefined ? {} : { cursor: pages.cursor }),
      }),
  });
  return (
    <section aria-labelledby="batches-h">
      <h2 id="batches-h">Payout batches</h2>
      <label htmlFor="batch-status">Status</label>
      <select
        id="batch-status"
        value={status}
        onChange={(e) => {
          setStatus(e.target.value as typeof status);
          pages.reset();
        }}
      >
        <option value="">any</option>
        {PAYOUT_STATUSES.map((s) => (
          <option key={s}>{s}</option>
        ))}
      </select>
      <QueryState
        loading={batches.isPending}
        error={batches.error}
        empty={batches.data?.items.length === 0}
        emptyText={status === '' ? 'No payout batch yet.' : `No ${status} payout batch.`}
      >
        <div className="table-wrap area-table">
          <table>
            <caption className="visually-hidden">Payout batches, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Batch</th>
                <th scope="col">Provider</th>
                <th scope="col">Amount</th>
                <th scope="col">Rail</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {batches.data?.items.map((batch) => (
                <tr key={batch.id}>
                  <td>
                    <Link to={`/admin/payouts/${batch.id}`}>{batch.id.slice(0, 8)}</Link>
                  </td>
                  <td>@{batch.provider}</td>
                  <td>{formatAmount(batch.amount, batch.currency)}</td>
                  <td>{batch.rail}</td>
                  <td>
                    <span className="status-pill">{batch.status}</span>
                  </td>
                  <td>{formatTime(batch.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </QueryState>
      <Pager
        label="Batch pages"
        page={pages.page}
        nextCursor={batches.data?.next_cursor}
        onNext={pages.next}
        onPrevious={pages.previous}
      />
    </section>
  );
}
