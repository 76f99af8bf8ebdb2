import { type Contract, type ListContractJobsReturnType, listContractJobs } from '@dc/client';
import { useQuery } from '@tanstack/react-query';
import { formatTime } from '../components/money';
import { ErrorText } from '../components/status';
import { useSignedIn } from '../session/session';

type Request = ListContractJobsReturnType['items'][number];

const KIND: Record<Request['kind'], string> = {
  reset_password: 'Root password reset',
  rotate_ssh_key: 'SSH key change',
};

/** What became of a request, in the renter's words. */
function outcome(request: Request): string {
  switch (request.status) {
    case 'queued':
      return request.error === null
        ? "waiting for the provider's agent"
        : `waiting for another try (the last one failed: ${request.error})`;
    case 'leased':
      return "the provider's agent is on it";
    case 'completed':
      return 'done';
    case 'failed':
      return `failed: ${request.error ?? 'no reason given'}`;
    case 'cancelled':
      return 'cancelled: the contract ended first';
  }
}

/**
 * The renter's password resets and SSH key changes on this contract and how each ended (from
 * `listContractJobs`), so a request the provider's server could not carry out says why instead
 * of leaving the renter waiting. Shown only once there is one; refreshed while one is open.
 */
export function Requests({ contract }: { readonly contract: Contract }) {
  const { client } = useSignedIn();
  const requests = useQuery({
    queryKey: ['contract-jobs', contract.id],
    queryFn: () => listContractJobs(client, { id: contract.id }),
    // Only while one is open: a new one comes from this page, which refetches the list.
    refetchInterval: (query) =>
      query.state.data?.items.some((item) => item.status === 'queued' || item.status === 'leased')
        ? 3_000
        : false,
  });
  const items = requests.data?.items ?? [];
  if (items.length === 0) return <ErrorText error={requests.error} />;
  return (
    <div>
      <h3 id="requests-h">Your requests</h3>
      <ul aria-labelledby="requests-h" data-testid="contract-requests">
        {items.map((item) => (
          <li key={item.job_id} className={item.status === 'failed' ? 'error' : undefined}>
            {KIND[item.kind]} <span className="muted">({formatTime(item.created_at)})</span>:{' '}
            {outcome(item)}
          </li>
        ))}
      </ul>
      <ErrorText error={requests.error} />
    </div>
  );
}
