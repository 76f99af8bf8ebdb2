import { AddKeyBody, addKey, addKeyProofMessage, listKeys, revokeKey } from '@dc/client';
import { identityFromSeedPhrase, isValidSeedPhrase, sign } from '@dc/crypto';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { CopyButton } from '../../components/copy-button';
import { formatTime } from '../../components/money';
import { ErrorText, QueryState } from '../../components/status';
import { useSignedIn } from '../../session/session';
import { Field } from './field';
import { apiFieldErrors, checkFields, type FieldErrors } from './field-errors';

const toHex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** Account, Keys: the keys that sign for this account; add another device's key, revoke one. */
export function Keys() {
  const { client, identity } = useSignedIn();
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: ['my-keys'], queryFn: () => listKeys(client, {}) });
  const revoke = useMutation({
    mutationFn: (publicKey: string) => revokeKey(client, { public_key: publicKey }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['my-keys'] }),
  });
  const active = keys.data?.items.filter((k) => k.revoked_at === null).length ?? 0;
  return (
    <>
      <h2>Keys</h2>
      <p>
        Every key here can sign for your account. This browser signs with the key marked “this
        device”.
      </p>
      <ErrorText error={revoke.error} />
      <QueryState loading={keys.isPending} error={keys.error}>
        <div className="table-wrap area-table">
          <table>
            <caption className="visually-hidden">Your account's keys</caption>
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Label</th>
                <th scope="col">Added</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {keys.data?.items.map((key) => {
                const mine = key.public_key === identity.publicKeyHex;
                return (
                  <tr key={key.public_key}>
                    <td className="mono">
                      {key.public_key.slice(0, 16)}…{mine ? ' (this device)' : ''}
                    </td>
                    <td>{key.label ?? '—'}</td>
                    <td>{formatTime(key.created_at)}</td>
                    <td>{formatTime(key.last_used_at)}</td>
                    <td>
                      {key.revoked_at ? (
                        `revoked ${formatTime(key.revoked_at)}`
                      ) : mine || active <= 1 ? (
                        'active'
                      ) : (
                        <button
                          type="button"
                          className="danger small"
                          disabled={revoke.isPending}
                          onClick={() => revoke.mutate(key.public_key)}
                        >
                          Revoke
                          <span className="visually-hidden">
                            {' '}
                            key {key.public_key.slice(0, 16)}
                          </span>
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </QueryState>
      <AddKeyForm />
    </>
  );
}

function AddKeyForm() {
  const { client, account } = useSignedIn();
  const queryClient = useQueryClient();
  const [publicKey, setPublicKey] = useState('');
  const [proof, setProof] = useState('');
  const [label, setLabel] = useState('');
  const [phrase, setPhrase] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const add = useMutation({
    mutationFn: (body: { public_key: string; proof: string; label?: string }) =>
      addKey(client, { body }),
    onSuccess: () => {
      setPublicKey('');
      setProof('');
      setLabel('');
      void queryClient.invalidateQueries({ queryKey: ['my-keys'] });
    },
    onError: (error) => setErrors(apiFieldErrors(error)),
  });
  const message = addKeyProofMessage(account.id);
  // The other device's phrase is used here only to sign the proof; it is never sent or kept.
  const deriveFromPhrase = () => {
    const words = phrase.trim().toLowerCase().split(/\s+/).join(' ');
    if (!isValidSeedPhrase(words)) {
      setErrors({ phrase: 'must be the other device’s 12 or 24 words, with a valid checksum' });
      return;
    }
    const other = identityFromSeedPhrase(words);
    setPublicKey(other.publicKeyHex);
    setProof(toHex(sign(new TextEncoder().encode(message), other.secretKey)));
    setPhrase('');
    setErrors({});
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = {
      public_key: publicKey.trim().toLowerCase(),
      proof: proof.trim().toLowerCase(),
      ...(label.trim() === '' ? {} : { label: label.trim() }),
    };
    const found = checkFields(AddKeyBody, body);
    setErrors(found);
    if (Object.keys(found).length === 0) add.mutate(body);
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="add-key-h" className="card">
      <h3 id="add-key-h">Add a key of another device</h3>
      <p>
        The other device signs this proof message with its Ed25519 key (with <code>@dc/crypto</code>
        : <code>sign(message, secretKey)</code>); paste its public key and the signature below:
      </p>
      <pre data-testid="proof-message">{message}</pre>
      <CopyButton text={message} label="Copy the proof message" />
      <details>
        <summary>Or make the proof here from that device’s seed phrase</summary>
        <Field
          id="other-phrase"
          label="The other device’s seed phrase"
          error={errors['phrase']}
          hint="Used in this browser only to sign the proof; never sent or stored."
        >
          {(a11y) => (
            <textarea
              {...a11y}
              rows={2}
              autoComplete="off"
              spellCheck={false}
              value={phrase}
              onChange={(e) => setPhrase(e.target.value)}
            />
          )}
        </Field>
        <button type="button" className="secondary" onClick={deriveFromPhrase}>
          Fill in its key and proof
        </button>
      </details>
      <Field id="new-key" label="Public key" error={errors['public_key']} hint="64 hex digits.">
        {(a11y) => (
          <input
            {...a11y}
            className="mono"
            spellCheck={false}
            value={publicKey}
            onChange={(e) => setPublicKey(e.target.value)}
          />
        )}
      </Field>
      <Field id="new-key-proof" label="Proof" error={errors['proof']} hint="128 hex digits.">
        {(a11y) => (
          <input
            {...a11y}
            className="mono"
            spellCheck={false}
            value={proof}
            onChange={(e) => setProof(e.target.value)}
          />
        )}
      </Field>
      <Field id="new-key-label" label="Label (optional)" error={errors['label']}>
        {(a11y) => <input {...a11y} value={label} onChange={(e) => setLabel(e.target.value)} />}
      </Field>
      <ErrorText error={Object.keys(errors).length === 0 ? add.error : null} />
      {add.isSuccess ? (
        <p className="ok" role="status">
          Key added: that device can now sign for @{account.username}.
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" disabled={add.isPending}>
          Add the key
        </button>
      </div>
    </form>
  );
}
