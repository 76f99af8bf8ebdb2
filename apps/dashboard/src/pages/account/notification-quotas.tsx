import { buyNotificationTier, getNotificationQuotas } from '@dc/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { idempotencyKey } from '../../api/errors';
import { formatAmount, formatTime } from '../../components/money';
import { ErrorText, QueryState } from '../../components/status';
import { useSignedIn } from '../../session/session';
import { ScrollTable } from '../admin/scroll-table';

/** Today's quota per channel, active paid tiers, and tiers to buy from the wallet. */
export function NotificationQuotasSection() {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const quotas = useQuery({
    queryKey: ['notification-quotas'],
    queryFn: () => getNotificationQuotas(client, {}),
  });
  // One key per purchase the user means: a retry of the same click never buys twice.
  const [key, setKey] = useState(idempotencyKey);
  const buy = useMutation({
    mutationFn: (choice: { tier: string; currency: string }) =>
      buyNotificationTier(client, { body: { ...choice, idempotency_key: key } }),
    onSuccess: () => {
      setKey(idempotencyKey());
      void queryClient.invalidateQueries({ queryKey: ['notification-quotas'] });
      void queryClient.invalidateQueries({ queryKey: ['wallet'] });
    },
  });
  const limit = (n: number | null) => (n === null ? 'unlimited' : String(n));
  return (
    <section aria-labelledby="quotas-h">
      <h3 id="quotas-h">Daily quotas</h3>
      <QueryState loading={quotas.isPending} error={quotas.error}>
        {quotas.data ? (
          <>
            <ScrollTable label="Daily quotas per channel">
              <table>
                <caption>Today ({quotas.data.day}, UTC)</caption>
                <thead>
                  <tr>
                    <th scope="col">Channel</th>
                    <th scope="col">Used</th>
                    <th scope="col">Limit</th>
                    <th scope="col">Of it paid</th>
                    <th scope="col">Dropped</th>
                  </tr>
                </thead>
                <tbody>
                  {quotas.data.channels.map((c) => (
                    <tr key={c.channel}>
                      <th scope="row">{c.channel}</th>
                      <td>{c.used}</td>
                      <td>{limit(c.limit)}</td>
                      <td>{c.paid}</td>
                      <td>{c.dropped}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollTable>
            {quotas.data.active_tiers.length > 0 ? (
              <ul>
                {quotas.data.active_tiers.map((t) => (
                  <li key={t.id}>
                    Tier <strong>{t.tier}</strong> until {formatTime(t.ends_at)} (paid{' '}
                    {formatAmount(t.price, t.currency)})
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">No paid tier running.</p>
            )}
            <h4>Buy more from your wallet</h4>
            <ErrorText error={buy.error} />
            {buy.data ? (
              <p className="ok" role="status">
                Bought tier {buy.data.tier} until {formatTime(buy.data.ends_at)}.
              </p>
            ) : null}
            <ul className="grid">
              {quotas.data.catalogue.map((tier) => (
                <li key={tier.tier} className="card">
                  <p>
                    <strong>{tier.tier}</strong>: +{tier.adds.telegram} Telegram and +
                    {tier.adds.webhook} webhook sends a day for {tier.days} days
                  </p>
                  <div className="actions">
                    {Object.entries(tier.prices).map(([currency, price]) => (
                      <button
                        key={currency}
                        type="button"
                        className="secondary small"
                        disabled={buy.isPending}
                        onClick={() => buy.mutate({ tier: tier.tier, currency })}
                      >
                        Buy for {formatAmount(price, currency)}
                        <span className="visually-hidden"> (tier {tier.tier})</span>
                      </button>
                    ))}
                  </div>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </QueryState>
    </section>
  );
}
