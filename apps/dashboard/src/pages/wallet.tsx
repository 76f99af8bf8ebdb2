import { getWallet, listWalletLedger, sandboxTopUp } from '@dc/client';
import { parseMoney } from '@dc/pricing';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage, idempotencyKey } from '../api/errors';
import { formatAmount, formatTime } from '../components/money';
import { ErrorText, QueryState } from '../components/status';
import { useSandbox } from '../platform';
import { useSignedIn } from '../session/session';

/** Balances per currency, the ledger, and (in a sandbox) test-money top-ups. */
export default function Wallet() {
  const { client } = useSignedIn();
  const sandbox = useSandbox();
  const wallet = useQuery({ queryKey: ['wallet'], queryFn: () => getWallet(client, {}) });
  const ledger = useQuery({
    queryKey: ['wallet-ledger'],
    queryFn: () => listWalletLedger(client, { limit: 50 }),
  });
  return (
    <>
      <h1>Wallet</h1>
      <QueryState
        loading={wallet.isPending}
        error={wallet.error}
        empty={wallet.data?.balances.length === 0}
        emptyText="No balance yet."
      >
        <ul className="grid" aria-label="Balances">
          {wallet.data?.balances.map((b) => (
            <li key={b.currency} className="card">
              <p className="muted">{b.currency}</p>
              <p data-testid={`balance-${b.currency}`}>
                <strong>{formatAmount(b.balance, b.currency)}</strong>
              </p>
            </li>
          ))}
        </ul>
      </QueryState>
      {sandbox ? <SandboxTopUp /> : null}
      <h2>Ledger</h2>
      <QueryState
        loading={ledger.isPending}
        error={ledger.error}
        empty={ledger.data?.items.length === 0}
        emptyText="No movement yet."
      >
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Wallet movements, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">Amount</th>
                <th scope="col">Balance after</th>
              </tr>
            </thead>
            <tbody>
              {ledger.data?.items.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatTime(entry.created_at)}</td>
                  <td>
                    {entry.kind.replaceAll('_', ' ')}
                    {entry.contract_id ? (
                      <>
                        {' '}
                        (<Link to={`/rentals?contract=${entry.contract_id}`}>contract</Link>)
                      </>
                    ) : null}
                    {entry.memo ? <span className="muted"> {entry.memo}</span> : null}
                  </td>
                  <td>{formatAmount(entry.amount, entry.currency)}</td>
                  <td>{formatAmount(entry.balance_after, entry.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </QueryState>
    </>
  );
}

function SandboxTopUp() {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const [amount, setAmount] = useState('100.00');
  const [currency, setCurrency] = useState('EUR');
  const [parseError, setParseError] = useState<string | null>(null);
  const topUp = useMutation({
    mutationFn: (minor: number) =>
      sandboxTopUp(client, {
        body: { currency, amount: minor, idempotency_key: idempotencyKey() },
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['wallet'] });
      void queryClient.invalidateQueries({ queryKey: ['wallet-ledger'] });
    },
  });
  return (
    <section className="card" aria-labelledby="topup-h">
      <h2 id="topup-h">Add test money (local sandbox)</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          try {
            setParseError(null);
            topUp.mutate(Number(parseMoney(amount, currency).amount));
          } catch (error) {
            setParseError(errorMessage(error));
          }
        }}
      >
        <div className="row">
          <div>
            <label htmlFor="topup-amount">Amount</label>
            <input
              id="topup-amount"
              inputMode="decimal"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
              aria-invalid={parseError !== null}
              aria-describedby={parseError ? 'topup-error' : undefined}
            />
          </div>
          <div>
            <label htmlFor="topup-currency">Currency</label>
            <select
              id="topup-currency"
              value={currency}
              onChange={(e) => setCurrency(e.target.value)}
            >
              <option>EUR</option>
              <option>USD</option>
            </select>
          </div>
        </div>
        {parseError ? (
          <p id="topup-error" className="error">
            {parseError}
          </p>
        ) : null}
        <ErrorText error={topUp.error} />
        <div className="actions">
          <button type="submit" disabled={topUp.isPending}>
            Add test money
          </button>
        </div>
      </form>
    </section>
  );
}
