import { type AdminAccount, listAccounts } from '@dc/client';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { formatAmount, formatTime } from '../../components/money';
import { QueryState } from '../../components/status';
import { useSignedIn } from '../../session/session';
import { useCursorPages } from './cursor-pages';
import { Pager } from './pager';
import { WalletAdjustmentForm } from './wallet-adjustment';

/** Admin, Accounts: find an account by username and adjust its wallet. */
export function Accounts() {
  const { client } = useSignedIn();
  const pages = useCursorPages();
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  // The API takes the start of a username; typing upper case or spaces still finds it.
  const prefix = search.trim().toLowerCase();
  const accounts = useQuery({
    queryKey: ['admin-accounts', prefix, pages.cursor],
    queryFn: () =>
      listAccounts(client, {
        limit: 20,
        ...(prefix === '' ? {} : { username_prefix: prefix }),
        ...(pages.cursor === undefined ? {} : { cursor: pages.cursor }),
      }),
  });
  const chosen = accounts.data?.items.find((a) => a.username === selected);
  return (
    <section aria-labelledby="accounts-h">
      <h2 id="accounts-h">Accounts</h2>
      <search>
        <label htmlFor="account-search">Username starts with</label>
        <input
          id="account-search"
          type="search"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            pages.reset();
          }}
        />
      </search>
      <QueryState
        loading={accounts.isPending}
        error={accounts.error}
        empty={accounts.data?.items.length === 0}
        emptyText={prefix === '' ? 'No account yet.' : `No username starts with "${prefix}".`}
      >
        <div className="table-wrap area-table">
          <table>
            <caption className="visually-hidden">Accounts by username</caption>
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col">Roles</th>
                <th scope="col">Wallet</th>
                <th scope="col">Joined</th>
                <th scope="col">Wallet adjustment</th>
              </tr>
            </thead>
            <tbody>
              {accounts.data?.items.map((a) => (
                <AccountRow key={a.username} account={a} onAdjust={() => setSelected(a.username)} />
              ))}
            </tbody>
          </table>
        </div>
      </QueryState>
      <Pager
        label="Account pages"
        page={pages.page}
        nextCursor={accounts.data?.next_cursor}
        onNext={pages.next}
        onPrevious={pages.previous}
      />
      {chosen ? (
        <WalletAdjustmentForm
          key={chosen.username}
          account={chosen}
          onClose={() => setSelected(null)}
        />
      ) : null}
    </section>
  );
}

function AccountRow(props: { readonly account: AdminAccount; readonly onAdjust: () => void }) {
  const a = props.account;
  const roles = [a.is_admin ? 'admin' : null, a.is_provider ? 'provider' : null].filter(Boolean);
  return (
    <tr>
      <th scope="row">
        @{a.username}
        {a.display_name ? <span className="muted"> ({a.display_name})</span> : null}
      </th>
      <td>{roles.length > 0 ? roles.join(', ') : 'renter'}</td>
      <td data-testid={`wallet-${a.username}`}>
        {a.wallet.length === 0
          ? 'empty'
          : a.wallet.map((w) => formatAmount(w.balance, w.currency)).join(', ')}
      </td>
      <td>{formatTime(a.created_at)}</td>
      <td>
        <button type="button" className="secondary small" onClick={props.onAdjust}>
          Adjust<span className="visually-hidden"> the wallet of @{a.username}</span>
        </button>
      </td>
    </tr>
  );
}
