import {
  type Contract,
  cancelContract,
  extendContract,
  getContract,
  getContractCredentials,
  getContractTimeline,
  previewContractRefund,
  requestPasswordReset,
} from '@dc/client';
import { open } from '@dc/crypto';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { errorMessage, idempotencyKey } from '../api/errors';
import { CopyButton } from '../components/copy-button';
import { formatAmount, formatTime } from '../components/money';
import { ErrorText, QueryState } from '../components/status';
import { useSignedIn } from '../session/session';
import { Feedback, Invoices, Messages } from './contract-extras';
import { Requests } from './contract-requests';
import { SshKeys } from './contract-ssh-keys';

const ENDED = new Set(['rejected', 'cancelled', 'expired', 'provisioning_failed']);

/** One contract: status timeline, credentials, password reset, extend, cancel. */
export default function ContractPage() {
  const { id = '' } = useParams();
  const { client } = useSignedIn();
  const contract = useQuery({
    queryKey: ['contract', id],
    queryFn: () => getContract(client, { id }),
    refetchInterval: 3_000,
  });
  return (
    <QueryState loading={contract.isPending} error={contract.error}>
      {contract.data ? <ContractView contract={contract.data} /> : null}
    </QueryState>
  );
}

/** `ssh -p 22 root@203.0.113.1` from what the agent reported, when it reported an address. */
function sshCommand(instance: Record<string, unknown>): string | null {
  const host = instance['ipv4'] ?? instance['hostname'] ?? instance['ipv6'];
  if (typeof host !== 'string' || host === '') return null;
  const user = typeof instance['ssh_user'] === 'string' ? instance['ssh_user'] : 'root';
  const port = typeof instance['ssh_port'] === 'number' ? instance['ssh_port'] : 22;
  return `ssh ${port === 22 ? '' : `-p ${port} `}${user}@${host}`;
}

function ContractView({ contract }: { readonly contract: Contract }) {
  const ended = ENDED.has(contract.status);
  const instance = contract.instance ?? {};
  const ssh = ended ? null : sshCommand(instance);
  return (
    <>
      <h1>{contract.offering_name}</h1>
      <p>
        Status: <strong data-testid="contract-status">{contract.status}</strong> · payment{' '}
        {contract.payment_status}
      </p>
      <div className="row">
        <section className="card" aria-labelledby="summary-h">
          <h2 id="summary-h">Summary</h2>
          <dl className="specs">
            <dt>Provider</dt>
            <dd>@{contract.provider_username}</dd>
            <dt>Hours</dt>
            <dd>{contract.hours}</dd>
            <dt>Paid</dt>
            <dd>{formatAmount(contract.paid + contract.vat_paid, contract.currency)}</dd>
            <dt>Refunded</dt>
            <dd>{formatAmount(contract.refunded + contract.vat_refunded, contract.currency)}</dd>
            <dt>Term</dt>
            <dd>
              {formatTime(contract.term_start)} to {formatTime(contract.term_end)}
            </dd>
            <dt>OS image</dt>
            <dd>{contract.os_image}</dd>
            {Object.entries(instance).map(([key, value]) => (
              <div key={key} style={{ display: 'contents' }}>
                <dt>{key}</dt>
                <dd className="mono">
                  {typeof value === 'string' ? value : JSON.stringify(value)}
                </dd>
              </div>
            ))}
          </dl>
        </section>
        <Timeline id={contract.id} status={contract.status} />
      </div>
      {ssh ? (
        <section className="card" aria-labelledby="connect-h">
          <h2 id="connect-h">Connect</h2>
          <pre data-testid="ssh-command">{ssh}</pre>
          <CopyButton text={ssh} label="Copy the SSH command" />
        </section>
      ) : null}
      <Credentials contract={contract} />
      {!ended ? (
        <div className="row">
          <Extend contract={contract} />
          <Cancel contract={contract} />
        </div>
      ) : null}
      {ended && contract.term_start !== null ? <Feedback contract={contract} /> : null}
      <Messages contract={contract} />
      <Invoices contract={contract} />
    </>
  );
}

function Timeline({ id, status }: { readonly id: string; readonly status: string }) {
  const { client } = useSignedIn();
  const timeline = useQuery({
    queryKey: ['timeline', id, status],
    queryFn: () => getContractTimeline(client, { id }),
  });
  return (
    <section className="card" aria-labelledby="timeline-h">
      <h2 id="timeline-h">Timeline</h2>
      <QueryState loading={timeline.isPending} error={timeline.error}>
        <ol className="timeline">
          {timeline.data?.items.map((entry) => (
            <li key={`${entry.at}-${entry.to_status}-${entry.event}`}>
              <strong>{entry.to_status}</strong> <span className="muted">({entry.event})</span>
              <br />
              <small>
                {formatTime(entry.at)} by {entry.actor_role}
                {entry.memo ? `: ${entry.memo}` : ''}
              </small>
            </li>
          ))}
        </ol>
      </QueryState>
    </section>
  );
}

function Credentials({ contract }: { readonly contract: Contract }) {
  const { client, identity } = useSignedIn();
  const queryClient = useQueryClient();
  const [shown, setShown] = useState<Record<string, string>>({});
  const credentials = useQuery({
    queryKey: ['credentials', contract.id],
    queryFn: () => getContractCredentials(client, { id: contract.id }),
    refetchInterval: 3_000,
  });
  const [key] = useState(idempotencyKey);
  const reset = useMutation({
    mutationFn: () =>
      requestPasswordReset(client, { id: contract.id, body: { idempotency_key: key } }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['credentials', contract.id] }),
        queryClient.invalidateQueries({ queryKey: ['contract-jobs', contract.id] }),
      ]),
  });
  const reveal = (credentialId: string, purpose: string, envelope: Record<string, unknown>) => {
    try {
      const secret = open(envelope as never, identity.secretKey, {
        contractId: contract.id,
        purpose,
      });
      setShown({ ...shown, [credentialId]: new TextDecoder().decode(secret) });
    } catch (error) {
      setShown({ ...shown, [credentialId]: `Could not open: ${errorMessage(error)}` });
    }
  };
  return (
    <section className="card" aria-labelledby="credentials-h">
      <h2 id="credentials-h">Credentials</h2>
      <p className="hint">
        Sealed to your account key by the provider's agent; opened here, in this browser only.
      </p>
      <QueryState
        loading={credentials.isPending}
        error={credentials.error}
        empty={credentials.data?.items.length === 0}
        emptyText="No credentials yet. Log in with your SSH key, or reset the root password once the server is provisioned."
      >
        <ul>
          {credentials.data?.items.map((item) => (
            <li key={item.id}>
              {item.purpose} <span className="muted">({formatTime(item.created_at)})</span>{' '}
              {shown[item.id] === undefined ? (
                <button
                  type="button"
                  className="small"
                  onClick={() => reveal(item.id, item.purpose, item.envelope)}
                >
                  Open {item.purpose}
                </button>
              ) : (
                <>
                  <code data-testid="credential-secret">{shown[item.id]}</code>{' '}
                  <CopyButton text={shown[item.id] ?? ''} label="Copy" />
                </>
              )}
            </li>
          ))}
        </ul>
      </QueryState>
      {contract.status === 'provisioned' || contract.status === 'active' ? (
        <>
          <button
            type="button"
            className="secondary"
            disabled={reset.isPending}
            onClick={() => reset.mutate()}
          >
            Reset the root password
          </button>
          {reset.isSuccess ? (
            <p className="ok">
              Requested: the new password appears above when the agent has set it.
            </p>
          ) : null}
          <ErrorText error={reset.error} />
          <SshKeys contract={contract} />
        </>
      ) : null}
      <Requests contract={contract} />
    </section>
  );
}

function Extend({ contract }: { readonly contract: Contract }) {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const [hours, setHours] = useState('24');
  const [key, setKey] = useState(idempotencyKey);
  const extend = useMutation({
    mutationFn: () =>
      extendContract(client, {
        id: contract.id,
        body: { hours: Number(hours), idempotency_key: key },
      }),
    onSuccess: (updated) => {
      queryClient.setQueryData(['contract', contract.id], updated);
      setKey(idempotencyKey());
    },
  });
  return (
    <section className="card" aria-labelledby="extend-h">
      <h2 id="extend-h">Extend</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          extend.mutate();
        }}
      >
        <label htmlFor="extend-hours">More hours</label>
        <input
          id="extend-hours"
          type="number"
          min={1}
          value={hours}
          onChange={(e) => setHours(e.target.value)}
        />
        <p className="hint">Charged from your wallet at the price you rented at.</p>
        <ErrorText error={extend.error} />
        {extend.isSuccess ? (
          <p className="ok">Extended: {extend.data.hours} h paid in total.</p>
        ) : null}
        <button type="submit" disabled={extend.isPending}>
          Extend
        </button>
      </form>
    </section>
  );
}

function Cancel({ contract }: { readonly contract: Contract }) {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const [asked, setAsked] = useState(false);
  const preview = useQuery({
    queryKey: ['refund-preview', contract.id],
    queryFn: () => previewContractRefund(client, { id: contract.id }),
    enabled: asked,
  });
  const cancel = useMutation({
    mutationFn: () => cancelContract(client, { id: contract.id, body: {} }),
    onSuccess: (result) => queryClient.setQueryData(['contract', contract.id], result.contract),
  });
  return (
    <section className="card" aria-labelledby="cancel-h">
      <h2 id="cancel-h">Cancel</h2>
      {!asked ? (
        <button type="button" className="secondary" onClick={() => setAsked(true)}>
          Cancel this rental…
        </button>
      ) : (
        <QueryState loading={preview.isPending} error={preview.error}>
          {preview.data ? (
            preview.data.cancellable ? (
              <>
                <p data-testid="refund-preview">
                  Cancelling now refunds{' '}
                  <strong>
                    {formatAmount(
                      preview.data.refund + preview.data.refund_vat,
                      preview.data.currency,
                    )}
                  </strong>{' '}
                  to your wallet ({formatAmount(preview.data.consumed, preview.data.currency)} of
                  paid time used).
                </p>
                <ErrorText error={cancel.error} />
                <div className="actions">
                  <button
                    type="button"
                    className="danger"
                    disabled={cancel.isPending}
                    onClick={() => cancel.mutate()}
                  >
                    Cancel and refund
                  </button>
                  <button type="button" className="secondary" onClick={() => setAsked(false)}>
                    Keep it
                  </button>
                </div>
              </>
            ) : (
              <p>Cannot cancel now: {preview.data.reason}</p>
            )
          ) : null}
        </QueryState>
      )}
    </section>
  );
}
