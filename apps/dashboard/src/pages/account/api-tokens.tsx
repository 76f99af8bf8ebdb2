import {
  CreateApiTokenBody,
  createApiToken,
  listApiTokens,
  revokeApiToken,
  TOKEN_SCOPES,
} from '@dc/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { CopyButton } from '../../components/copy-button';
import { formatTime } from '../../components/money';
import { ErrorText, QueryState } from '../../components/status';
import { useSignedIn } from '../../session/session';
import { Field } from './field';
import { apiFieldErrors, checkFields, type FieldErrors } from './field-errors';

type Scope = (typeof TOKEN_SCOPES)[number];

const SCOPE_HELP: Record<Scope, string> = {
  read: 'read your account, contracts and notifications',
  rent: 'rent, extend and cancel, change settings',
  provider: 'manage your offerings and requests',
  agent: 'act as a provider agent',
};

/** Account, API tokens: scoped, expiring bearer tokens for scripts; each secret shown once. */
export function ApiTokens() {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: ['my-tokens'], queryFn: () => listApiTokens(client, {}) });
  const revoke = useMutation({
    mutationFn: (id: string) => revokeApiToken(client, { id }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['my-tokens'] }),
  });
  return (
    <>
      <h2>API tokens</h2>
      <CreateTokenForm />
      <h3>Your tokens</h3>
      <ErrorText error={revoke.error} />
      <QueryState
        loading={tokens.isPending}
        error={tokens.error}
        empty={tokens.data?.items.length === 0}
        emptyText="No API token yet."
      >
        <div className="table-wrap area-table">
          <table>
            <caption className="visually-hidden">Your API tokens</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Starts with</th>
                <th scope="col">Scopes</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {tokens.data?.items.map((t) => (
                <tr key={t.id}>
                  <th scope="row">{t.name}</th>
                  <td className="mono">{t.prefix}…</td>
                  <td>{t.scopes.join(', ')}</td>
                  <td>{formatTime(t.expires_at)}</td>
                  <td>{formatTime(t.last_used_at)}</td>
                  <td>
                    {t.revoked_at ? (
                      `revoked ${formatTime(t.revoked_at)}`
                    ) : (
                      <button
                        type="button"
                        className="danger small"
                        disabled={revoke.isPending}
                        onClick={() => revoke.mutate(t.id)}
                      >
                        Revoke<span className="visually-hidden"> token {t.name}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </QueryState>
    </>
  );
}

function CreateTokenForm() {
  const { client, account } = useSignedIn();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<readonly Scope[]>(['read']);
  const [days, setDays] = useState('90');
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useMutation({
    mutationFn: (body: { name: string; scopes: Scope[]; expires_in_days: number }) =>
      createApiToken(client, { body }),
    onSuccess: () => {
      setName('');
      void queryClient.invalidateQueries({ queryKey: ['my-tokens'] });
    },
    onError: (error) => setErrors(apiFieldErrors(error)),
  });
  const allowed = TOKEN_SCOPES.filter((s) => s === 'read' || s === 'rent' || account.is_provider);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { name: name.trim(), scopes: [...scopes], expires_in_days: Number(days) };
    const found = checkFields(CreateApiTokenBody, body);
    setErrors(found);
    if (Object.keys(found).length === 0) create.mutate(body);
  };
  const created = create.data;
  return (
    <form onSubmit={submit} noValidate aria-labelledby="new-token-h" className="card">
      <h3 id="new-token-h">Create a token</h3>
      <Field
        id="token-name"
        label="Name"
        error={errors['name']}
        hint="What uses it, e.g. “backup script”; 1-80 characters."
      >
        {(a11y) => <input {...a11y} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <fieldset aria-describedby={errors['scopes'] ? 'token-scopes-error' : undefined}>
        <legend>Scopes</legend>
        {allowed.map((scope) => (
          <label key={scope} className="choice">
            <input
              type="checkbox"
              checked={scopes.includes(scope)}
              onChange={(e) =>
                setScopes((s) => (e.target.checked ? [...s, scope] : s.filter((x) => x !== scope)))
              }
            />{' '}
            {scope}: {SCOPE_HELP[scope]}
          </label>
        ))}
        {errors['scopes'] ? (
          <p id="token-scopes-error" className="error field-error">
            Scopes: {errors['scopes']}
          </p>
        ) : null}
      </fieldset>
      <Field
        id="token-days"
        label="Expires after (days)"
        error={errors['expires_in_days']}
        hint="1-365 days."
      >
        {(a11y) => (
          <input
            {...a11y}
            type="number"
            min={1}
            max={365}
            value={days}
            onChange={(e) => setDays(e.target.value)}
          />
        )}
      </Field>
      <ErrorText error={Object.keys(errors).length === 0 ? create.error : null} />
      {created ? (
        <div className="once" role="status">
          <p>
            <strong>Token “{created.name}”</strong>: copy it now. It will not be shown again.
          </p>
          <pre data-testid="new-token">{created.token}</pre>
          <CopyButton text={created.token} label="Copy the token" />
        </div>
      ) : null}
      <div className="actions">
        <button type="submit" disabled={create.isPending}>
          Create token
        </button>
      </div>
    </form>
  );
}
