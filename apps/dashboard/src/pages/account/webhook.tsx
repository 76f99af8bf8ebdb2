import {
  createNotificationWebhook,
  deleteNotificationWebhook,
  type getNotificationPreferences,
  rotateNotificationWebhookSecret,
  WebhookEndpointInput,
} from '@dc/client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { CopyButton } from '../../components/copy-button';
import { formatTime } from '../../components/money';
import { ErrorText } from '../../components/status';
import { useSignedIn } from '../../session/session';
import { Field } from './field';
import { apiFieldErrors, checkFields, type FieldErrors } from './field-errors';

type Preferences = Awaited<ReturnType<typeof getNotificationPreferences>>;
type WithSecret = Awaited<ReturnType<typeof createNotificationWebhook>>;

/** The webhook endpoint: create (the signing secret shown once), rotate the secret, delete. */
export function WebhookSection({ preferences }: { readonly preferences: Preferences }) {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const hook = preferences.channels.webhook;
  const [url, setUrl] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [secret, setSecret] = useState<WithSecret | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['notification-preferences'] });
  const create = useMutation({
    mutationFn: (body: { url: string }) => createNotificationWebhook(client, { body }),
    onSuccess: (made) => {
      setSecret(made);
      setUrl('');
      void refresh();
    },
    onError: (error) => setErrors(apiFieldErrors(error)),
  });
  const rotate = useMutation({
    mutationFn: () => rotateNotificationWebhookSecret(client, {}),
    onSuccess: (made) => {
      setSecret(made);
      void refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteNotificationWebhook(client, {}),
    onSuccess: () => {
      setSecret(null);
      void refresh();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { url: url.trim() };
    const found = checkFields(WebhookEndpointInput, body);
    setErrors(found);
    if (Object.keys(found).length === 0) create.mutate(body);
  };
  return (
    <section aria-labelledby="webhook-h">
      <h3 id="webhook-h">Webhook</h3>
      {secret ? (
        <div className="once" role="status">
          <p>
            <strong>Signing secret</strong> of {secret.url}: copy it now. It will not be shown
            again.
          </p>
          <pre data-testid="webhook-secret">{secret.secret}</pre>
          <CopyButton text={secret.secret} label="Copy the signing secret" />
        </div>
      ) : null}
      <ErrorText error={rotate.error ?? remove.error} />
      {hook ? (
        <>
          <p>
            Signed notifications are POSTed to <span className="mono">{hook.url}</span> (secret from{' '}
            {formatTime(hook.rotated_at)}).
          </p>
          <div className="actions">
            <button
              type="button"
              className="secondary"
              disabled={rotate.isPending}
              onClick={() => rotate.mutate()}
            >
              Rotate the secret
            </button>
            <button
              type="button"
              className="danger"
              disabled={remove.isPending}
              onClick={() => remove.mutate()}
            >
              Delete the webhook
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={submit} noValidate>
          <Field
            id="webhook-url"
            label="Endpoint URL"
            error={errors['url']}
            hint="A public https:// address; each request carries a DC-Signature header."
          >
            {(a11y) => (
              <input {...a11y} type="url" value={url} onChange={(e) => setUrl(e.target.value)} />
            )}
          </Field>
          <ErrorText error={Object.keys(errors).length === 0 ? create.error : null} />
          <div className="actions">
            <button type="submit" disabled={create.isPending}>
              Create the webhook
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
