import {
  deleteOffering,
  duplicateOffering,
  exportOfferingsCsv,
  listMyOfferings,
  type Offering,
} from '@dc/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { formatAmount } from '../../components/money';
import { ErrorText, QueryState } from '../../components/status';
import { useSignedIn } from '../../session/session';
import { CsvImport } from './csv-import';
import { downloadText } from './download';
import { Field } from './field';
import { apiFieldErrors } from './field-errors';
import { listingState } from './offering-state';

/** The provider's offerings: listed or not, edit, duplicate, delete, export and import CSV. */
export default function Offerings() {
  const { client } = useSignedIn();
  const offerings = useQuery({
    queryKey: ['my-offerings'],
    queryFn: () => listMyOfferings(client, { limit: 100 }),
  });
  const exportCsv = useMutation({
    mutationFn: () => exportOfferingsCsv(client, {}),
    onSuccess: (csv) => downloadText(csv, 'offerings.csv', 'text/csv'),
  });
  return (
    <>
      <section aria-labelledby="offerings-h">
        <h2 id="offerings-h">Your offerings</h2>
        <div className="actions">
          <button
            type="button"
            className="secondary"
            disabled={exportCsv.isPending}
            onClick={() => exportCsv.mutate()}
          >
            Export CSV
          </button>
        </div>
        <ErrorText error={exportCsv.error} />
        <QueryState
          loading={offerings.isPending}
          error={offerings.error}
          empty={offerings.data?.items.length === 0}
          emptyText="No offering yet: publish one from the Overview or import a CSV below."
        >
          <ul className="grid" aria-label="Offerings">
            {offerings.data?.items.map((o) => (
              <OfferingCard key={o.id} offering={o} />
            ))}
          </ul>
          {offerings.data?.next_cursor ? (
            <p className="muted">Showing your first 100 offerings; export the CSV for all.</p>
          ) : null}
        </QueryState>
      </section>
      <CsvImport />
    </>
  );
}

function OfferingCard({ offering }: { readonly offering: Offering }) {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [mode, setMode] = useState<'idle' | 'duplicate' | 'delete'>('idle');
  const [slug, setSlug] = useState(`${offering.slug}-copy`);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['my-offerings'] });
  const duplicate = useMutation({
    mutationFn: () => duplicateOffering(client, { id: offering.id, body: { slug } }),
    onSuccess: async (copy) => {
      await refresh();
      await navigate(`/provider/offerings/${copy.id}?copied=1`);
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteOffering(client, { id: offering.id }),
    onSuccess: refresh,
  });
  const state = listingState(offering);
  const slugError = apiFieldErrors(duplicate.error)['slug'];
  const headingId = `offering-${offering.id}-h`;
  return (
    <li className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>{offering.name}</h3>
      <p className="mono">{offering.slug}</p>
      <p>
        {formatAmount(offering.price_per_month, offering.currency)} per month,{' '}
        {offering.provisioner}
      </p>
      <p>
        <span className="status-pill" data-testid="listing-state">
          {state}
        </span>
      </p>
      {mode === 'duplicate' ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            duplicate.mutate();
          }}
        >
          <Field
            id={`dup-${offering.id}`}
            label={`Slug of the copy of ${offering.name}`}
            error={slugError}
            hint="The copy is a draft until you publish it."
          >
            {(a11y) => (
              <input {...a11y} required value={slug} onChange={(e) => setSlug(e.target.value)} />
            )}
          </Field>
          {slugError ? null : <ErrorText error={duplicate.error} />}
          <div className="actions">
            <button type="submit" disabled={duplicate.isPending}>
              Duplicate
            </button>
            <button type="button" className="secondary" onClick={() => setMode('idle')}>
              Back
            </button>
          </div>
        </form>
      ) : mode === 'delete' ? (
        <div>
          <p>
            Delete <strong>{offering.name}</strong>? Renters can no longer find or rent it; existing
            contracts keep their copy of it.
          </p>
          <ErrorText error={remove.error} />
          <div className="actions">
            <button
              type="button"
              className="danger"
              disabled={remove.isPending}
              onClick={() => remove.mutate()}
            >
              Delete for good
            </button>
            <button type="button" className="secondary" onClick={() => setMode('idle')}>
              Keep it
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <Link className="button" to={`/provider/offerings/${offering.id}`}>
            Edit<span className="visually-hidden"> {offering.name}</span>
          </Link>
          <button type="button" className="secondary" onClick={() => setMode('duplicate')}>
            Duplicate…<span className="visually-hidden"> {offering.name}</span>
          </button>
          <button type="button" className="secondary" onClick={() => setMode('delete')}>
            Delete…<span className="visually-hidden"> {offering.name}</span>
          </button>
        </div>
      )}
    </li>
  );
}
