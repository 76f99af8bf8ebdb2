import {
  listPaymentAlerts,
  PAYMENT_ALERT_KINDS,
  type PaymentAlert,
  type PaymentRelease,
  ReleaseHeldPaymentBody,
  releaseHeldPayment,
} from '@dc/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formatAmount, formatTime } from '../../components/money';
import { ErrorText, QueryState } from '../../components/status';
import { useSignedIn } from '../../session/session';
import { Field } from '../account/field';
import { apiFieldErrors, checkFields, type FieldErrors } from '../account/field-errors';
import { useCursorPages } from './cursor-pages';
import { Pager } from './pager';

type Kind = (typeof PAYMENT_ALERT_KINDS)[number];

/** Admin, Payment alerts: held and late payments, disputes, refused refunds; held ones released. */
export function PaymentAlerts() {
  const { client } = useSignedIn();
  const pages = useCursorPages();
  const [kind, setKind] = useState<Kind | ''>('');
  const [heldOnly, setHeldOnly] = useState(false);
  const alerts = useQuery({
    queryKey: ['admin-payment-alerts', kind, heldOnly, pages.cursor],
    queryFn: () =>
      listPaymentAlerts(client, {
        limit: 20,
        ...(kind === '' ? {} : { kind }),
        ...(heldOnly ? { unreleased_only: 'true' as const } : {}),
        ...(pages.cursor === undefined ? {} : { cursor: pages.cursor }),
      }),
  });
  return (
    <section aria-labelledby="alerts-h">
      <h2 id="alerts-h">Payment alerts</h2>
      <div className="row">
        <div>
          <label htmlFor="alert-kind">Kind</label>
          <select
            id="alert-kind"
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as Kind | '');
              pages.reset();
            }}
          >
            <option value="">any</option>
            {PAYMENT_ALERT_KINDS.map((k) => (
              <option key={k} value={k}>
                {k.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
        </div>
        <label className="choice">
          <input
            type="checkbox"
            checked={heldOnly}
            onChange={(e) => {
              setHeldOnly(e.target.checked);
              pages.reset();
            }}
          />{' '}
          Only payments still held
        </label>
      </div>
      <QueryState
        loading={alerts.isPending}
        error={alerts.error}
        empty={alerts.data?.items.length === 0}
        emptyText="No payment alert matches: no held, late or disputed payment."
      >
        <ul className="grid">
          {alerts.data?.items.map((alert) => (
            <AlertCard key={alert.id} alert={alert} />
          ))}
        </ul>
      </QueryState>
      <Pager
        label="Alert pages"
        page={pages.page}
        nextCursor={alerts.data?.next_cursor}
        onNext={pages.next}
        onPrevious={pages.previous}
      />
    </section>
  );
}

function AlertCard({ alert }: { readonly alert: PaymentAlert }) {
  const [release, setRelease] = useState<PaymentRelease | null>(null);
  const held = alert.payment_status === 'held' && alert.released_at === null;
  return (
    <li className="card">
      <p>
        <span className="status-pill">{alert.kind.replaceAll('_', ' ')}</span>{' '}
        {formatTime(alert.created_at)}
      </p>
      <p>{alert.detail}</p>
      {alert.payment_id ? (
        <p className="muted">
          Payment <span className="mono">{alert.payment_id.slice(0, 8)}</span>:{' '}
          {alert.payment_status ?? 'unknown'}
        </p>
      ) : null}
      {alert.released_at && !release ? (
        <p data-testid="released">
          Released by @{alert.released_by ?? 'unknown'} at {formatTime(alert.released_at)}
          {alert.release_note ? `: ${alert.release_note}` : ''}
        </p>
      ) : null}
      {release ? (
        <p className="ok" role="status">
          {release.action === 'apply' ? 'Applied' : 'Refunded'} by @{release.released_by} at{' '}
          {formatTime(release.released_at)}: {release.note}
          {release.refund_ids.length > 0
            ? ` (${release.refund_ids.length} refund${release.refund_ids.length > 1 ? 's' : ''} of ${formatAmount(release.payment.refunded, release.payment.currency)})`
            : ''}
        </p>
      ) : held && alert.payment_id ? (
        <ReleaseForm alertId={alert.id} paymentId={alert.payment_id} onReleased={setRelease} />
      ) : null}
    </li>
  );
}

function ReleaseForm(props: {
  readonly alertId: string;
  readonly paymentId: string;
  readonly onReleased: (release: PaymentRelease) => void;
}) {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const [action, setAction] = useState<'apply' | 'refund'>('apply');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const release = useMutation({
    mutationFn: (body: { action: 'apply' | 'refund'; note: string }) =>
      releaseHeldPayment(client, { id: props.paymentId, body }),
    onSuccess: (result) => {
      props.onReleased(result);
      void queryClient.invalidateQueries({ queryKey: ['admin-payment-alerts'] });
    },
    onError: (error) => setErrors(apiFieldErrors(error)),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { action, note };
    const found = checkFields(ReleaseHeldPaymentBody, body);
    setErrors(found);
    if (Object.keys(found).length === 0) release.mutate(body);
  };
  const name = `release-${props.alertId}`;
  return (
    <form onSubmit={submit} noValidate>
      <fieldset>
        <legend>Release the held payment</legend>
        <label className="choice">
          <input
            type="radio"
            name={name}
            checked={action === 'apply'}
            onChange={() => setAction('apply')}
          />{' '}
          Apply it to what it paid for (any excess goes back to the card)
        </label>
        <label className="choice">
          <input
            type="radio"
            name={name}
            checked={action === 'refund'}
            onChange={() => setAction('refund')}
          />{' '}
          Refund all of it to the card
        </label>
      </fieldset>
      <Field
        id={`${name}-note`}
        label="Note"
        error={errors['note']}
        hint="Why, for the record (1-500 characters)."
      >
        {(a11y) => <input {...a11y} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <ErrorText error={Object.keys(errors).length === 0 ? release.error : null} />
      <div className="actions">
        <button type="submit" disabled={release.isPending}>
          Release
        </button>
      </div>
    </form>
  );
}
