import {
  deleteTelegramChat,
  type getNotificationPreferences,
  setTelegramChat,
  TelegramChatInput,
} from '@dc/client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ErrorText } from '../../components/status';
import { useSignedIn } from '../../session/session';
import { Field } from './field';
import { apiFieldErrors, checkFields, type FieldErrors } from './field-errors';

type Preferences = Awaited<ReturnType<typeof getNotificationPreferences>>;

/** The Telegram chat the platform's bot writes to, when the platform has a bot. */
export function TelegramSection({ preferences }: { readonly preferences: Preferences }) {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const telegram = preferences.channels.telegram;
  const [chat, setChat] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useMutation({
    mutationFn: (chat_id: string) => setTelegramChat(client, { body: { chat_id } }),
    onSuccess: (next) => {
      setChat('');
      queryClient.setQueryData(['notification-preferences'], next);
    },
    onError: (error) => setErrors(apiFieldErrors(error)),
  });
  const remove = useMutation({
    mutationFn: () => deleteTelegramChat(client, {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['notification-preferences'] }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = checkFields(TelegramChatInput, { chat_id: chat.trim() });
    setErrors(found);
    if (Object.keys(found).length === 0) save.mutate(chat.trim());
  };
  return (
    <section aria-labelledby="telegram-h">
      <h3 id="telegram-h">Telegram</h3>
      {!telegram.available ? (
        <p className="muted">This platform has no Telegram bot configured.</p>
      ) : (
        <>
          <p>
            {telegram.chat_id === null ? (
              'No chat set: send /start to the platform’s bot, then enter the chat id it answers.'
            ) : (
              <>
                Notifications go to chat <span className="mono">{telegram.chat_id}</span>.{' '}
                <button
                  type="button"
                  className="secondary small"
                  disabled={remove.isPending}
                  onClick={() => remove.mutate()}
                >
                  Stop Telegram notifications
                </button>
              </>
            )}
          </p>
          <ErrorText error={remove.error} />
          <form onSubmit={submit} noValidate>
            <Field
              id="telegram-chat"
              label="Telegram chat id"
              error={errors['chat_id']}
              hint="A number such as 123456789, or @channel."
            >
              {(a11y) => <input {...a11y} value={chat} onChange={(e) => setChat(e.target.value)} />}
            </Field>
            <ErrorText error={Object.keys(errors).length === 0 ? save.error : null} />
            <div className="actions">
              <button type="submit" disabled={save.isPending}>
                Set the chat
              </button>
            </div>
          </form>
        </>
      )}
    </section>
  );
}
