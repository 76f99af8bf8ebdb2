import {
  approvePayoutBatch,
  ConfirmPayoutBody,
  confirmPayoutBatch,
  FailPayoutBody,
  failPayoutBatch,
  getPayoutBatch,
  type PayoutBatchDetail,
  sendPayoutBatch,
} from '@dc/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { formatAmount, formatTime } from '../../components/money';
import { ErrorText, QueryState } from '../../components/status';
import { useSignedIn } from '../../session/session';
import { Field } from '../account/field';
import { apiFieldErrors, checkFields, type FieldErrors } from '../account/field-errors';
import { payoutActions } from './payout-actions';
import { ScrollTable } from './scroll-table';

/** Admin, one payout batch: its state, the earnings it pays, and the moves its state allows. */
export function PayoutBatchPage() {
  const { id = '' } = useParams();
  const { client } = useSignedIn();
  const batch = useQuery({
    queryKey: ['admin-payout-batch', id],
    queryFn: () => getPayoutBatch(client, { id }),
  });
  return (
    <>
      <p>
        <Link to="/admin/payouts">All payouts</Link>
      </p>
      <h2>Payout batch</h2>
      <QueryState loading={batch.isPending} error={batch.error}>
        {batch.data ? <BatchDetail batch={batch.data} /> : null}
      </QueryState>
    </>
  );
}

function BatchDetail({ batch }: { readonly batch: PayoutBatchDetail }) {
  const money = (minor: number) => formatAmount(minor, batch.currency);
  return (
    <>
      <dl className="specs">
        <dt>Status</dt>
        <dd>
          <span className="status-pill" data-testid="batch-status">
            {batch.status}
          </span>
        </dd>
        <dt>Provider</dt>
        <dd>@{batch.provider}</dd>
        <dt>Amount</dt>
        <dd>{money(batch.amount)}</dd>
        <dt>Rail</dt>
        <dd>
          {batch.rail === 'manual' ? 'manual (paid outside, then confirmed)' : 'Stripe Connect'}
        </dd>
        {batch.destination ? (
          <>
            <dt>Destination</dt>
            <dd className="mono">{batch.destination}</dd>
          </>
        ) : null}
        <dt>Created</dt>
        <dd>{formatTime(batch.created_at)}</dd>
        <dt>Approved</dt>
        <dd>{formatTime(batch.approved_at)}</dd>
        <dt>Sent</dt>
        <dd>{formatTime(batch.sent_at)}</dd>
        {batch.confirmed_at ? (
          <>
            <dt>Confirmed</dt>
            <dd>{formatTime(batch.confirmed_at)}</dd>
          </>
        ) : null}
        {batch.failed_at ? (
          <>
            <dt>Failed</dt>
            <dd>{formatTime(batch.failed_at)}</dd>
          </>
        ) : null}
        {batch.external_reference ? (
          <>
            <dt>Reference</dt>
            <dd className="mono">{batch.external_reference}</dd>
          </>
        ) : null}
        {batch.failure_reason ? (
          <>
            <dt>Why it failed</dt>
            <dd>{batch.failure_reason}</dd>
          </>
        ) : null}
        {batch.last_error ? (
          <>
            <dt>Last send error</dt>
            <dd>
              {batch.last_error} ({batch.send_attempts} attempts)
            </dd>
          </>
        ) : null}
      </dl>
      <BatchActions batch={batch} />
      <h3>Earnings paid ({batch.item_count})</h3>
      <ScrollTable label="Earnings paid by this batch">
        <table>
          <thead>
            <tr>
              <th scope="col">Contract</th>
              <th scope="col">Amount</th>
              <th scope="col">Released</th>
            </tr>
          </thead>
          <tbody>
            {batch.items.map((item) => (
              <tr key={item.earning_id}>
                <td className="mono">{item.contract_id.slice(0, 8)}</td>
                <td>{money(item.amount)}</td>
                <td>{item.released ? 'yes, payable again' : 'no'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </>
  );
}

function BatchActions({ batch }: { readonly batch: PayoutBatchDetail }) {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const allowed = payoutActions(batch);
  const [reference, setReference] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const done = (next: PayoutBatchDetail) => {
    queryClient.setQueryData(['admin-payout-batch', batch.id], next);
    void queryClient.invalidateQueries({ queryKey: ['admin-payout-batches'] });
    void queryClient.invalidateQueries({ queryKey: ['admin-payable-balances'] });
  };
  const approve = useMutation({
    mutationFn: () => approvePayoutBatch(client, { id: batch.id }),
    onSuccess: done,
  });
  const send = useMutation({
    mutationFn: () => sendPayoutBatch(client, { id: batch.id }),
    onSuccess: done,
  });
  const confirm = useMutation({
    mutationFn: (body: { external_reference: string }) =>
      confirmPayoutBatch(client, { id: batch.id, body }),
    onSuccess: done,
    onError: (error) => setErrors(apiFieldErrors(error)),
  });
  const fail = useMutation({
    mutationFn: (body: { reason: string }) => failPayoutBatch(client, { id: batch.id, body }),
    onSuccess: done,
    onError: (error) => setErrors(apiFieldErrors(error)),
  });
  const submitConfirm = (event: FormEvent) => {
    event.preventDefault();
    const body = { external_reference: reference };
    const found = checkFields(ConfirmPayoutBody, body);
    setErrors(found);
    if (Object.keys(found).length === 0) confirm.mutate(body);
  };
  const submitFail = (event: FormEvent) => {
    event.preventDefault();
    const body = { reason };
    const found = checkFields(FailPayoutBody, body);
    setErrors(found);
    if (Object.keys(found).length === 0) fail.mutate(body);
  };
  const none = !Object.values(allowed).some(Boolean);
  if (none) {
    return <p className="muted">This batch is {batch.status}: nothing more to do.</p>;
  }
  return (
    <section aria-labelledby="batch-actions-h" className="card">
      <h3 id="batch-actions-h">Next step</h3>
      <ErrorText error={approve.error ?? send.error} />
      {allowed.approve || allowed.send || allowed.sendAgain ? (
        <div className="actions">
          {allowed.approve ? (
            <button type="button" disabled={approve.isPending} onClick={() => approve.mutate()}>
              Approve
            </button>
          ) : null}
          {allowed.send ? (
            <button type="button" disabled={send.isPending} onClick={() => send.mutate()}>
              {batch.rail === 'manual' ? 'Mark as sent' : 'Send the transfer'}
            </button>
          ) : null}
          {allowed.sendAgain ? (
            <button type="button" disabled={send.isPending} onClick={() => send.mutate()}>
              Send again (learn Stripe's answer)
            </button>
          ) : null}
        </div>
      ) : null}
      {allowed.confirm ? (
        <form onSubmit={submitConfirm} noValidate>
          <p>
            Pay {formatAmount(batch.amount, batch.currency)} outside, then record its reference.
          </p>
          <Field
            id="payout-reference"
            label="External reference"
            error={errors['external_reference']}
            hint="The bank transfer or ledger transaction id, 1-200 characters."
          >
            {(a11y) => (
              <input {...a11y} value={reference} onChange={(e) => setReference(e.target.value)} />
            )}
          </Field>
          <ErrorText error={Object.keys(errors).length === 0 ? confirm.error : null} />
          <div className="actions">
            <button type="submit" disabled={confirm.isPending}>
              Confirm paid
            </button>
          </div>
        </form>
      ) : null}
      {allowed.fail ? (
        <form onSubmit={submitFail} noValidate>
          <Field
            id="payout-fail-reason"
            label="Why it did not pay"
            error={errors['reason']}
            hint="Kept for the record; the earnings become payable again."
          >
            {(a11y) => (
              <input {...a11y} value={reason} onChange={(e) => setReason(e.target.value)} />
            )}
          </Field>
          <ErrorText error={Object.keys(errors).length === 0 ? fail.error : null} />
          <div className="actions">
            <button type="submit" className="danger" disabled={fail.isPending}>
              Fail the batch
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
