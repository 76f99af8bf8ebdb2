import {
  type Contract,
  InvalidParametersError,
  requestSshKeyRotation,
  ValidationError,
} from '@dc/client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, idempotencyKey } from '../api/errors';
import { useSignedIn } from '../session/session';

/** The textarea's keys: one per line, blank lines dropped. */
const keysOf = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

/**
 * Replaces the SSH keys root logs in with, on a delivered contract: the provider's agent puts
 * them on the running server where its cloud allows it (the outcome shows under "Your
 * requests"; clouds that set keys only at creation refuse with the reason). A key the API
 * refuses is named by its line.
 */
export function SshKeys({ contract }: { readonly contract: Contract }) {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [key, setKey] = useState(idempotencyKey);
  const change = useMutation({
    mutationFn: () =>
      requestSshKeyRotation(client, {
        id: contract.id,
        body: { ssh_public_keys: keysOf(text), idempotency_key: key },
      }),
    onSuccess: () => {
      setKey(idempotencyKey());
      setText('');
      return queryClient.invalidateQueries({ queryKey: ['contract-jobs', contract.id] });
    },
  });
  const problem = change.error === null ? null : lineProblem(change.error);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        change.mutate();
      }}
    >
      <h3>SSH keys</h3>
      <p className="hint">
        Now: {contract.ssh_public_keys.length} key
        {contract.ssh_public_keys.length === 1 ? '' : 's'}. New keys replace them all.
      </p>
      <label htmlFor="new-ssh-keys">New SSH public keys, one per line</label>
      <textarea
        id="new-ssh-keys"
        rows={3}
        value={text}
        onChange={(event) => setText(event.target.value)}
        aria-invalid={problem !== null}
        aria-describedby={problem === null ? undefined : 'new-ssh-keys-error'}
        placeholder="ssh-ed25519 AAAA... me@laptop"
      />
      {problem === null ? null : (
        <p id="new-ssh-keys-error" role="alert" className="error">
          {problem}
        </p>
      )}
      <button
        type="submit"
        className="secondary"
        disabled={change.isPending || keysOf(text).length === 0}
      >
        Replace the SSH keys
      </button>
      {change.isSuccess ? (
        <p className="ok">Requested: the outcome shows under "Your requests".</p>
      ) : null}
    </form>
  );
}

/** The refusal in the renter's terms: which line, and why (the client's check or the API's). */
function lineProblem(error: unknown): string {
  if (
    (error instanceof ValidationError || error instanceof InvalidParametersError) &&
    error.errors.length > 0
  ) {
    return error.errors
      .map((e) => {
        const line = /ssh_public_keys\.(\d+)/.exec(e.path)?.[1];
        return line === undefined ? e.message : `Line ${Number(line) + 1}: ${e.message}`;
      })
      .join('; ');
  }
  return errorMessage(error);
}
