import {
  type Contract,
  getContractFeedback,
  getInvoicePdf,
  listContractInvoices,
  listContractMessages,
  postContractMessage,
  submitContractFeedback,
} from '@dc/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { idempotencyKey, isNotFound } from '../api/errors';
import { formatAmount, formatTime } from '../components/money';
import { ErrorText, QueryState } from '../components/status';
import { useSignedIn } from '../session/session';

/** The contract's message thread with its provider (and admins). */
export function Messages({ contract }: { readonly contract: Contract }) {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const thread = useQuery({
    queryKey: ['messages', contract.id],
    queryFn: () => listContractMessages(client, { id: contract.id, limit: 100 }),
    refetchInterval: 10_000,
  });
  const post = useMutation({
    mutationFn: () =>
      postContractMessage(client, {
        id: contract.id,
        body: { text, idempotency_key: idempotencyKey() },
      }),
    onSuccess: () => {
      setText('');
      void queryClient.invalidateQueries({ queryKey: ['messages', contract.id] });
    },
  });
  return (
    <section className="card" aria-labelledby="messages-h">
      <h2 id="messages-h">Messages</h2>
      <QueryState
        loading={thread.isPending}
        error={thread.error}
        empty={thread.data?.items.length === 0}
        emptyText="No message yet."
      >
        <ol className="timeline" aria-label="Thread">
          {thread.data?.items.map((message) => (
            <li key={message.id}>
              <strong>{message.author ? `@${message.author}` : message.author_role}</strong>{' '}
              <small className="muted">{formatTime(message.created_at)}</small>
              <p style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{message.text}</p>
            </li>
          ))}
        </ol>
      </QueryState>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          post.mutate();
        }}
      >
        <label htmlFor="message-text">Write to @{contract.provider_username}</label>
        <textarea
          id="message-text"
          rows={3}
          value={text}
          onChange={(e) => setText(e.target.value)}
          required
        />
        <ErrorText error={post.error} />
        <div className="actions">
          <button type="submit" disabled={post.isPending || text.trim() === ''}>
            Send
          </button>
        </div>
      </form>
    </section>
  );
}

/** Feedback once the contract has ended (the API decides whether it may be given). */
export function Feedback({ contract }: { readonly contract: Contract }) {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const [matched, setMatched] = useState<boolean | null>(null);
  const [again, setAgain] = useState<boolean | null>(null);
  const [comment, setComment] = useState('');
  const existing = useQuery({
    queryKey: ['feedback', contract.id],
    queryFn: async () => {
      try {
        return await getContractFeedback(client, { id: contract.id });
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },
  });
  const submit = useMutation({
    mutationFn: () =>
      submitContractFeedback(client, {
        id: contract.id,
        body: {
          matched_description: matched === true,
          would_rent_again: again === true,
          ...(comment.trim() ? { comment: comment.trim() } : {}),
        },
      }),
    onSuccess: (saved) => queryClient.setQueryData(['feedback', contract.id], saved),
  });
  const question = (
    name: string,
    legend: string,
    value: boolean | null,
    set: (v: boolean) => void,
  ) => (
    <fieldset>
      <legend>{legend}</legend>
      <label className="choice">
        <input type="radio" name={name} checked={value === true} onChange={() => set(true)} /> Yes
      </label>
      <label className="choice">
        <input type="radio" name={name} checked={value === false} onChange={() => set(false)} /> No
      </label>
    </fieldset>
  );
  return (
    <section className="card" aria-labelledby="feedback-h">
      <h2 id="feedback-h">Feedback</h2>
      <QueryState loading={existing.isPending} error={existing.error}>
        {existing.data ? (
          <p>
            Thank you: matched the description {existing.data.matched_description ? 'yes' : 'no'},
            would rent again {existing.data.would_rent_again ? 'yes' : 'no'}.
          </p>
        ) : (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              submit.mutate();
            }}
          >
            {question('matched', 'Did the service match its description?', matched, setMatched)}
            {question('again', 'Would you rent from this provider again?', again, setAgain)}
            <label htmlFor="feedback-comment">Comment for the provider (optional)</label>
            <textarea
              id="feedback-comment"
              rows={2}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
            <ErrorText error={submit.error} />
            <div className="actions">
              <button
                type="submit"
                disabled={matched === null || again === null || submit.isPending}
              >
                Send feedback
              </button>
            </div>
          </form>
        )}
      </QueryState>
    </section>
  );
}

/** Invoices and credit notes of the contract, with their PDFs. */
export function Invoices({ contract }: { readonly contract: Contract }) {
  const { client } = useSignedIn();
  const invoices = useQuery({
    queryKey: ['invoices', contract.id, contract.updated_at],
    queryFn: () => listContractInvoices(client, { id: contract.id }),
  });
  const download = useMutation({
    mutationFn: async (invoice: { id: string; number: string }) => {
      const pdf = await getInvoicePdf(client, { id: invoice.id });
      const url = URL.createObjectURL(new Blob([pdf as BlobPart], { type: 'application/pdf' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `${invoice.number}.pdf`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  });
  return (
    <section className="card" aria-labelledby="invoices-h">
      <h2 id="invoices-h">Invoices</h2>
      <QueryState
        loading={invoices.isPending}
        error={invoices.error}
        empty={invoices.data?.items.length === 0}
        emptyText="No invoice: this platform issues none (no seller configured, e.g. a sandbox) or none is due yet."
      >
        <ul>
          {invoices.data?.items.map((invoice) => (
            <li key={invoice.id}>
              {invoice.kind === 'credit_note' ? 'Credit note' : 'Invoice'} {invoice.number},{' '}
              {formatAmount(invoice.total, invoice.currency)}, {formatTime(invoice.issued_at)}{' '}
              <button
                type="button"
                className="small secondary"
                onClick={() => download.mutate(invoice)}
              >
                PDF
              </button>
            </li>
          ))}
        </ul>
      </QueryState>
      <ErrorText error={download.error} />
    </section>
  );
}
