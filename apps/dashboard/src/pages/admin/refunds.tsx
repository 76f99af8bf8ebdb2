import { approveRefund, listRefunds, rejectRefund } from '@dc/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { formatAmount, formatTime } from '../../components/money';
import { ErrorText, QueryState } from '../../components/status';
import { useSignedIn } from '../../session/session';

/** Admin, Refunds: card refunds waiting for an admin's approval or rejection. */
export function Refunds() {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const refunds = useQuery({
    queryKey: ['admin-refunds'],
    queryFn: () => listRefunds(client, { status: 'awaiting_approval', limit: 50 }),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin-refunds'] });
  const approve = useMutation({
    mutationFn: (id: string) => approveRefund(client, { id, body: {} }),
    onSuccess: refresh,
  });
  const reject = useMutation({
    mutationFn: (id: string) => rejectRefund(client, { id, body: { reason } }),
    onSuccess: refresh,
  });
  return (
    <>
      <h2>Refunds awaiting approval</h2>
      <label htmlFor="reject-reason">Reason for a rejection</label>
      <input id="reject-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
      <ErrorText error={approve.error ?? reject.error} />
      <QueryState
        loading={refunds.isPending}
        error={refunds.error}
        empty={refunds.data?.items.length === 0}
        emptyText="No refund is waiting for approval."
      >
        <ul className="grid">
          {refunds.data?.items.map((refund) => (
            <li key={refund.id} className="card">
              <p>
                <strong>{formatAmount(refund.amount, refund.currency)}</strong> ({refund.rail}) for{' '}
                <Link to={`/contracts/${refund.contract_id}`}>contract</Link>
              </p>
              <p className="muted">{refund.reason}</p>
              <div className="actions">
                <button type="button" onClick={() => approve.mutate(refund.id)}>
                  Approve
                </button>
                <button
                  type="button"
                  className="secondary"
                  disabled={reason.trim() === ''}
                  onClick={() => reject.mutate(refund.id)}
                >
                  Reject
                </button>
              </div>
            </li>
          ))}
        </ul>
      </QueryState>
      <p className="muted">Listed {formatTime(new Date().toISOString())}.</p>
    </>
  );
}
