import { acceptContract, listContracts, rejectContract } from '@dc/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorText, QueryState } from '../../components/status';
import { useSignedIn } from '../../session/session';

/** Paid rental requests waiting for the provider to accept or reject them. */
export default function PendingRequests() {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const pending = useQuery({
    queryKey: ['contracts', 'provider', 'requested'],
    queryFn: () => listContracts(client, { role: 'provider', status: 'requested', limit: 50 }),
    refetchInterval: 5_000,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['contracts'] });
  const accept = useMutation({
    mutationFn: (id: string) => acceptContract(client, { id }),
    onSuccess: refresh,
  });
  const reject = useMutation({
    mutationFn: (id: string) => rejectContract(client, { id, body: {} }),
    onSuccess: refresh,
  });
  return (
    <section aria-labelledby="pending-h">
      <h2 id="pending-h">Pending requests</h2>
      <ErrorText error={accept.error ?? reject.error} />
      <QueryState
        loading={pending.isPending}
        error={pending.error}
        empty={pending.data?.items.length === 0}
        emptyText="No request waiting for you."
      >
        <ul className="grid">
          {pending.data?.items.map((c) => (
            <li key={c.id} className="card">
              <p>
                {c.offering_name} for @{c.renter_username}, {c.hours} h
              </p>
              <div className="actions">
                <button type="button" onClick={() => accept.mutate(c.id)}>
                  Accept
                </button>
                <button type="button" className="secondary" onClick={() => reject.mutate(c.id)}>
                  Reject
                </button>
              </div>
            </li>
          ))}
        </ul>
      </QueryState>
    </section>
  );
}
