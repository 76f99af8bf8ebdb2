import {
  CONTRACT_STATUSES,
  type Contract,
  getContractReadReceipts,
  listContracts,
  listMyOfferings,
} from '@dc/client';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { formatTime } from '../../components/money';
import { QueryState } from '../../components/status';
import { useSignedIn } from '../../session/session';
import { TableWrap } from './table-wrap';

type Status = (typeof CONTRACT_STATUSES)[number];

/** Statuses in which a `manual` contract waits for the provider to deliver it by hand. */
const AWAITING_DELIVERY: readonly Status[] = ['accepted', 'provisioning'];

/**
 * The provider's contracts with their status, unread messages marked (the thread lives on the
 * contract page), and a delivery form for the ones the provider builds by hand.
 */
export default function Contracts() {
  const { client } = useSignedIn();
  const [status, setStatus] = useState<Status | ''>('');
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const contracts = useQuery({
    queryKey: ['contracts', 'provider', 'all', status, cursor],
    queryFn: () =>
      listContracts(client, {
        role: 'provider',
        limit: 25,
        ...(status ? { status } : {}),
        ...(cursor ? { cursor } : {}),
      }),
    refetchInterval: 10_000,
  });
  // The provisioner is the offering's: `manual` ones are delivered from this page.
  const offerings = useQuery({
    queryKey: ['my-offerings'],
    queryFn: () => listMyOfferings(client, { limit: 100 }),
  });
  const manual = new Set(
    offerings.data?.items.filter((o) => o.provisioner === 'manual').map((o) => o.id),
  );
  const items = contracts.data?.items ?? [];
  const unread = useQueries({
    queries: items.map((c) => ({
      queryKey: ['read-receipts', c.id],
      queryFn: () => getContractReadReceipts(client, { id: c.id }),
      staleTime: 15_000,
    })),
  });
  return (
    <section aria-labelledby="contracts-h">
      <h2 id="contracts-h">Contracts</h2>
      <label htmlFor="contract-status">Status</label>
      <select
        id="contract-status"
        value={status}
        onChange={(e) => {
          setStatus(e.target.value as Status | '');
          setCursors([]);
        }}
      >
        <option value="">every status</option>
        {CONTRACT_STATUSES.map((s) => (
          <option key={s}>{s}</option>
        ))}
      </select>
      <QueryState
        loading={contracts.isPending}
        error={contracts.error}
        empty={items.length === 0}
        emptyText={status ? `No contract is ${status}.` : 'No contract yet.'}
      >
        <TableWrap label="Contracts">
          <table>
            <caption className="visually-hidden">Your contracts as provider, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Offering</th>
                <th scope="col">Renter</th>
                <th scope="col">Status</th>
                <th scope="col">Hours</th>
                <th scope="col">Requested</th>
                <th scope="col">Messages</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c, i) => (
                <ContractRow
                  key={c.id}
                  contract={c}
                  unread={unread[i]?.data?.unread_count}
                  deliverable={manual.has(c.offering_id) && AWAITING_DELIVERY.includes(c.status)}
                />
              ))}
            </tbody>
          </table>
        </TableWrap>
        <div className="actions">
          {cursors.length > 0 ? (
            <button
              type="button"
              className="secondary"
              onClick={() => setCursors((c) => c.slice(0, -1))}
            >
              Newer
            </button>
          ) : null}
          {contracts.data?.next_cursor ? (
            <button
              type="button"
              className="secondary"
              onClick={() => {
                const next = contracts.data?.next_cursor;
                if (next) setCursors((c) => [...c, next]);
              }}
            >
              Older
            </button>
          ) : null}
        </div>
      </QueryState>
    </section>
  );
}

function ContractRow(props: {
  readonly contract: Contract;
  readonly unread: number | undefined;
  readonly deliverable: boolean;
}) {
  const c = props.contract;
  return (
    <tr data-testid={`provider-contract-${c.id}`}>
      <td>{c.offering_name}</td>
      <td>@{c.renter_username}</td>
      <td>
        <span className="status-pill">{c.status}</span>
      </td>
      <td>{c.hours}</td>
      <td>{formatTime(c.requested_at)}</td>
      <td>
        {props.unread === undefined ? (
          '—'
        ) : props.unread > 0 ? (
          <span className="unread">{props.unread} unread</span>
        ) : (
          'all read'
        )}
      </td>
      <td>
        <Link to={`/contracts/${c.id}`}>
          Open<span className="visually-hidden"> the contract for {c.offering_name}</span>
        </Link>
        {props.deliverable ? (
          <>
            {' · '}
            <Link to={`/provider/contracts/${c.id}/deliver`}>
              Deliver<span className="visually-hidden"> {c.offering_name} by hand</span>
            </Link>
          </>
        ) : null}
      </td>
    </tr>
  );
}
