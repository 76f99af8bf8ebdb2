import {
  createTelegramLink,
  deleteTelegramChat,
  type getNotificationPreferences,
} from '@dc/client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { CopyButton } from '../../components/copy-button';
import { formatTime } from '../../components/money';
import { ErrorText } from '../../components/status';
import { useSignedIn } from '../../session/session';

type Preferences = Awaited<ReturnType<typeof getNotificationPreferences>>;
type Link = Awaited<ReturnType<typeof createTelegramLink>>;

/** While a link waits to be opened, the linked state is looked for this often. */
const CHECK_EVERY_MS = 3_000;

/**
 * The Telegram chat the platform's bot writes to, when the platform has a bot. "Link Telegram"
 * makes a single-use t.me link; pressing Start in Telegram links that chat (the API's bot
 * answers there), and this section sees it by refetching the preferences until it is linked
 * or the link expired.
 */
export function TelegramSection({ preferences }: { readonly preferences: Preferences }) {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const telegram = preferences.channels.telegram;
  const [link, setLink] = useState<Link | null>(null);
  const [justLinked, setJustLinked] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['notification-preferences'] });
  const create = useMutation({
    mutationFn: () => createTelegramLink(client, {}),
    onSuccess: (made) => {
      setLink(made);
      setJustLinked(false);
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteTelegramChat(client, {}),
    onSuccess: () => {
      setJustLinked(false);
      void refresh();
    },
  });

  // A link is out: look for the linked chat until it shows up or the link expires.
  const waiting = link !== null && telegram.chat_id === null;
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;
  useEffect(() => {
    if (!waiting || link === null) return;
    const expires = new Date(link.expires_at).getTime();
    const timer = setInterval(() => {
      if (Date.now() > expires) {
        clearInterval(timer);
        return;
      }
      void refreshRef.current();
    }, CHECK_EVERY_MS);
    return () => clearInterval(timer);
  }, [waiting, link]);
  useEffect(() => {
    if (link !== null && telegram.chat_id !== null) {
      setLink(null);
      setJustLinked(true);
    }
  }, [link, telegram.chat_id]);

  return (
    <section aria-labelledby="telegram-h">
      <h3 id="telegram-h">Telegram</h3>
      {!telegram.available ? (
        <p className="muted">This platform has no Telegram bot configured.</p>
      ) : telegram.chat_id !== null ? (
        <>
          <p role="status">
            {justLinked ? 'Telegram is linked. ' : ''}Notifications go to your Telegram chat{' '}
            <span className="mono">{telegram.chat_id}</span>. Sending{' '}
            <span className="mono">/stop</span> to the bot unlinks it too.
          </p>
          <ErrorText error={remove.error} />
          <div className="actions">
            <button
              type="button"
              className="secondary"
              disabled={remove.isPending}
              onClick={() => remove.mutate()}
            >
              Unlink Telegram
            </button>
          </div>
        </>
      ) : (
        <>
          <p>
            No chat linked. Link Telegram makes a link to the platform’s bot: open it in Telegram
            and press <strong>Start</strong>; the chat you start it from receives your
            notifications.
          </p>
          {link ? (
            <div className="once" role="status">
              <p>
                Open{' '}
                <a href={link.url} target="_blank" rel="noopener noreferrer">
                  the link to @{link.bot_username} in Telegram
                </a>{' '}
                and press Start. It works once, until {formatTime(link.expires_at)}; this page shows
                the chat when it is linked.
              </p>
              <pre data-testid="telegram-link">{link.url}</pre>
              <div className="actions">
                <CopyButton text={link.url} label="Copy the link" />
                <button type="button" className="secondary" onClick={() => void refresh()}>
                  Check again
                </button>
              </div>
            </div>
          ) : null}
          <ErrorText error={create.error} />
          <div className="actions">
            <button type="button" disabled={create.isPending} onClick={() => create.mutate()}>
              {link ? 'Make a new link' : 'Link Telegram'}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
