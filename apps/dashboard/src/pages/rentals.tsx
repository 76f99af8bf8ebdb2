import { listContracts } from '@dc/client';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useSearchParams } from 'react-router';
import { formatAmount, formatTime } from '../components/money';
import { QueryState } from '../components/status';
import { useSignedIn } from '../session/session';

/** The renter's contracts; `?contract=<id>` scrolls to one and highlights it. */
export default function Rentals() {
  const { client, account } = useSignedIn();
  const [params] = useSearchParams();
  const target = params.get('contract');
  const list = useQuery({
    queryKey: ['contracts', 'renter'],
    queryFn: () => listContracts(client, { role: 'renter', limit: 100 }),
    refetchInterval: 5_000,
  });
  const found = list.data?.items.some((c) => c.id === target) ?? false;
  useEffect(() => {
    if (!target || !found) return;
    const element = document.getElementById(`contract-${target}`);
    element?.scrollIntoView({ block: 'center' });
    element?.focus();
  }, [target, found]);

  return (
    <>
      <h1>Rentals</h1>
      <p className="muted">Servers rented by @{account.username}.</p>
      {target && list.data && !found ? (
        <p role="alert" className="error">
          Contract {target} is not among your rentals.
        </p>
      ) : null}
      <QueryState
        loading={list.isPending}
        error={list.error}
        empty={list.data?.items.length === 0}
        emptyText="You have not rented anything yet. Find a server in the marketplace."
      >
        <ul className="grid" aria-label="Your rentals">
          {list.data?.items.map((contract) => (
            <li
              key={contract.id}
              id={`contract-${contract.id}`}
              tabIndex={-1}
              className={contract.id === target ? 'card highlight' : 'card'}
              aria-current={contract.id === target ? 'true' : undefined}
            >
              <h2>
                <Link to={`/contracts/${contract.id}`}>{contract.offering_name}</Link>
              </h2>
              <p>
                Status: <strong data-testid="contract-status">{contract.status}</strong>
              </p>
              <p className="muted">
                {contract.hours} h · paid{' '}
                {formatAmount(contract.paid + contract.vat_paid, contract.currency)} · ends{' '}
                {formatTime(contract.term_end)}
              </p>
            </li>
          ))}
        </ul>
      </QueryState>
    </>
  );
}
