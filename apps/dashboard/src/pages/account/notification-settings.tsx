import {
  getNotificationPreferences,
  type NotificationChannel,
  putNotificationPreferences,
} from '@dc/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorText, QueryState } from '../../components/status';
import { useSignedIn } from '../../session/session';
import { NotificationQuotasSection } from './notification-quotas';
import { TelegramSection } from './telegram';
import { WebhookSection } from './webhook';

type Preferences = Awaited<ReturnType<typeof getNotificationPreferences>>;
type Channel = (typeof NotificationChannel.options)[number];
type Event = Preferences['events'][number]['event'];

const CHANNELS: readonly { channel: Channel; label: string }[] = [
  { channel: 'in_app', label: 'Inbox' },
  { channel: 'email', label: 'Email' },
  { channel: 'telegram', label: 'Telegram' },
  { channel: 'webhook', label: 'Webhook' },
];

const words = (event: string) => event.replaceAll('_', ' ');

/** Account, Notification settings: channels per event, Telegram, webhook and quotas. */
export function NotificationSettings() {
  const { client } = useSignedIn();
  const preferences = useQuery({
    queryKey: ['notification-preferences'],
    queryFn: () => getNotificationPreferences(client, {}),
  });
  return (
    <>
      <h2>Notification settings</h2>
      <QueryState loading={preferences.isPending} error={preferences.error}>
        {preferences.data ? <PreferenceTable preferences={preferences.data} /> : null}
        {preferences.data ? <TelegramSection preferences={preferences.data} /> : null}
        {preferences.data ? <WebhookSection preferences={preferences.data} /> : null}
      </QueryState>
      <NotificationQuotasSection />
    </>
  );
}

function PreferenceTable({ preferences }: { readonly preferences: Preferences }) {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: (c: { event: Event; channel: Channel; enabled: boolean }) =>
      putNotificationPreferences(client, { body: { changes: [c] } }),
    onSuccess: (next) => queryClient.setQueryData(['notification-preferences'], next),
  });
  const { channels } = preferences;
  const notes = [
    !channels.email.verified
      ? 'Email sends nothing until your address is verified (Account, Profile).'
      : null,
    channels.telegram.chat_id === null
      ? 'Telegram sends nothing until a chat is linked (below).'
      : null,
    channels.webhook === null ? 'Webhook sends nothing until an endpoint is created.' : null,
  ].filter((n): n is string => n !== null);
  return (
    <section aria-labelledby="prefs-h">
      <h3 id="prefs-h">Where each event goes</h3>
      {notes.length > 0 ? (
        <ul className="muted">
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
      <ErrorText error={change.error} />
      <div className="table-wrap area-table">
        <table>
          <caption className="visually-hidden">Channels on for each event</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              {CHANNELS.map((c) => (
                <th scope="col" key={c.channel}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preferences.events.map((row) => (
              <tr key={row.event}>
                <th scope="row">{words(row.event)}</th>
                {CHANNELS.map(({ channel, label }) => (
                  <td key={channel}>
                    <input
                      type="checkbox"
                      aria-label={`${label} for ${words(row.event)}`}
                      checked={row[channel]}
                      disabled={change.isPending}
                      onChange={(e) =>
                        change.mutate({ event: row.event, channel, enabled: e.target.checked })
                      }
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
