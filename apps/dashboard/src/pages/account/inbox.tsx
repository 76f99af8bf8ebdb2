import { listNotifications, markAllNotificationsRead, markNotificationRead } from '@dc/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { formatTime } from '../../components/money';
import { ErrorText, QueryState } from '../../components/status';
import { useSignedIn } from '../../session/session';
import { useCursorPages } from '../admin/cursor-pages';
import { Pager } from '../admin/pager';

/** Account, Inbox: the in-app notifications, newest first; mark one or all read. */
export function Inbox() {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const pages = useCursorPages();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const inbox = useQuery({
    queryKey: ['notifications', unreadOnly, pages.cursor],
    queryFn: () =>
      listNotifications(client, {
        limit: 20,
        ...(unreadOnly ? { unread_only: 'true' as const } : {}),
        ...(pages.cursor === undefined ? {} : { cursor: pages.cursor }),
      }),
    refetchInterval: 15_000,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['notifications'] });
  const markOne = useMutation({
    mutationFn: (id: string) => markNotificationRead(client, { id }),
    onSuccess: refresh,
  });
  const markAll = useMutation({
    mutationFn: () => markAllNotificationsRead(client, {}),
    onSuccess: refresh,
  });
  const unread = inbox.data?.unread_count ?? 0;
  return (
    <>
      <h2>Inbox</h2>
      <div className="row">
        <p data-testid="unread-count">{inbox.data ? `${unread} unread` : ''}</p>
        <label className="choice">
          <input
            type="checkbox"
            checked={unreadOnly}
            onChange={(e) => {
              setUnreadOnly(e.target.checked);
              pages.reset();
            }}
          />{' '}
          Unread only
        </label>
        <button
          type="button"
          className="secondary"
          disabled={unread === 0 || markAll.isPending}
          onClick={() => markAll.mutate()}
        >
          Mark all read
        </button>
      </div>
      <ErrorText error={markOne.error ?? markAll.error} />
      <QueryState
        loading={inbox.isPending}
        error={inbox.error}
        empty={inbox.data?.items.length === 0}
        emptyText={unreadOnly ? 'Nothing unread.' : 'No notification yet.'}
      >
        <ul className="grid">
          {inbox.data?.items.map((n) => (
            <li key={n.id} className="card" data-unread={n.read_at === null}>
              <h3>
                {n.read_at === null ? <span className="status-pill">new</span> : null} {n.title}
              </h3>
              <p>{n.body}</p>
              <p className="muted">
                {formatTime(n.created_at)}
                {n.contract_id ? (
                  <>
                    {' · '}
                    <Link to={`/contracts/${n.contract_id}`}>the contract</Link>
                  </>
                ) : null}
              </p>
              {n.read_at === null ? (
                <button
                  type="button"
                  className="secondary small"
                  disabled={markOne.isPending}
                  onClick={() => markOne.mutate(n.id)}
                >
                  Mark read<span className="visually-hidden">: {n.title}</span>
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      </QueryState>
      <Pager
        label="Inbox pages"
        page={pages.page}
        nextCursor={inbox.data?.next_cursor}
        onNext={pages.next}
        onPrevious={pages.previous}
      />
    </>
  );
}
