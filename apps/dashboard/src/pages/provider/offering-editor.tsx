import {
  getOffering,
  type Offering,
  OfferingPatch,
  STOCK_STATES,
  updateOffering,
  VISIBILITIES,
} from '@dc/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorText, QueryState } from '../../components/status';
import { useSignedIn } from '../../session/session';
import { Field } from './field';
import { apiFieldErrors, type FieldErrors, schemaFieldErrors } from './field-errors';
import { draftOf, type OfferingDraft, patchOf } from './offering-form-model';
import { listingState } from './offering-state';

/** `/provider/offerings/:id`: edit one offering; the API's field errors show at their field. */
export default function OfferingEditor() {
  const { id = '' } = useParams();
  const { client } = useSignedIn();
  const offering = useQuery({
    queryKey: ['my-offering', id],
    queryFn: () => getOffering(client, { id }),
  });
  return (
    <QueryState loading={offering.isPending} error={offering.error}>
      {offering.data ? (
        <EditForm key={offering.data.offering.id} offering={offering.data.offering} />
      ) : null}
    </QueryState>
  );
}

type TextField = Exclude<keyof OfferingDraft, 'stock' | 'visibility' | 'draft' | 'auto_accept'>;

const TEXT_FIELDS: readonly { key: TextField; label: string; hint?: string; wide?: boolean }[] = [
  { key: 'name', label: 'Name' },
  { key: 'price_per_month', label: 'Price per month' },
  { key: 'setup_fee', label: 'Setup fee' },
  { key: 'min_hours', label: 'Minimum hours' },
  { key: 'max_hours', label: 'Maximum hours', hint: 'Empty: no maximum.' },
  { key: 'cpu_cores', label: 'CPU cores' },
  { key: 'memory_mib', label: 'Memory (MiB)' },
  { key: 'disk_gib', label: 'Disk (GiB)' },
  { key: 'bandwidth_mbps', label: 'Bandwidth (Mbit/s)' },
  { key: 'country', label: 'Country (ISO code)' },
  { key: 'city', label: 'City', hint: 'Optional.' },
  { key: 'os_images', label: 'OS images', hint: 'Comma-separated, e.g. ubuntu-24.04, debian-12.' },
  { key: 'response_sla_hours', label: 'Reply to messages within (hours)' },
];

/** The errors at `key` and below it (`os_images.0` belongs to `os_images`). */
function errorAt(errors: FieldErrors, key: string): string | undefined {
  const found = Object.entries(errors)
    .filter(([path]) => path === key || path.startsWith(`${key}.`))
    .map(([, message]) => message);
  return found.length > 0 ? found.join('; ') : undefined;
}

function EditForm({ offering }: { readonly offering: Offering }) {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const [draft, setDraft] = useState(() => draftOf(offering));
  const [localErrors, setLocalErrors] = useState<FieldErrors>({});
  const save = useMutation({
    mutationFn: (patch: OfferingPatch) => updateOffering(client, { id: offering.id, body: patch }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(['my-offering', offering.id], (old: unknown) =>
        old && typeof old === 'object' ? { ...old, offering: saved } : old,
      );
      await queryClient.invalidateQueries({ queryKey: ['my-offerings'] });
    },
  });
  const errors = { ...apiFieldErrors(save.error), ...localErrors };
  const set = <K extends keyof OfferingDraft>(key: K, value: OfferingDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.reset();
    const { patch, problems } = patchOf(draft, offering.currency);
    const found = { ...schemaFieldErrors(OfferingPatch, patch), ...problems };
    setLocalErrors(found);
    if (Object.keys(found).length === 0) save.mutate(patch);
  };
  const placed = [...TEXT_FIELDS.map((f) => f.key), 'description', 'stock', 'visibility'];
  const unplaced = Object.keys(errors).filter(
    (path) => !placed.some((key) => path === key || path.startsWith(`${key}.`)),
  );
  return (
    <form onSubmit={submit} noValidate aria-labelledby="edit-h">
      <h2 id="edit-h">Edit {offering.name}</h2>
      {params.get('copied') ? (
        <p className="ok" role="status">
          Copied as a draft: change what differs, then untick Draft to publish it.
        </p>
      ) : null}
      <p>
        <span className="mono">{offering.slug}</span>, {offering.currency}, {offering.provisioner}:{' '}
        <span data-testid="editor-listing">{listingState(offering)}</span>
      </p>
      <div className="row">
        {TEXT_FIELDS.map((f) => (
          <Field
            key={f.key}
            id={`edit-${f.key}`}
            label={
              f.key === 'price_per_month' || f.key === 'setup_fee'
                ? `${f.label} (${offering.currency})`
                : f.label
            }
            error={errorAt(errors, f.key)}
            {...(f.hint ? { hint: f.hint } : {})}
          >
            {(a11y) => (
              <input {...a11y} value={draft[f.key]} onChange={(e) => set(f.key, e.target.value)} />
            )}
          </Field>
        ))}
      </div>
      <Field id="edit-description" label="Description" error={errorAt(errors, 'description')}>
        {(a11y) => (
          <textarea
            {...a11y}
            rows={3}
            value={draft.description}
            onChange={(e) => set('description', e.target.value)}
          />
        )}
      </Field>
      <div className="row">
        <Field id="edit-stock" label="Stock" error={errorAt(errors, 'stock')}>
          {(a11y) => (
            <select
              {...a11y}
              value={draft.stock}
              onChange={(e) => set('stock', e.target.value as OfferingDraft['stock'])}
            >
              {STOCK_STATES.map((s) => (
                <option key={s} value={s}>
                  {s.replaceAll('_', ' ')}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="edit-visibility" label="Visibility" error={errorAt(errors, 'visibility')}>
          {(a11y) => (
            <select
              {...a11y}
              value={draft.visibility}
              onChange={(e) => set('visibility', e.target.value as OfferingDraft['visibility'])}
            >
              {VISIBILITIES.map((v) => (
                <option key={v}>{v}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <label className="choice">
        <input
          type="checkbox"
          checked={draft.draft}
          onChange={(e) => set('draft', e.target.checked)}
        />
        Draft (renters do not see it)
      </label>
      <label className="choice">
        <input
          type="checkbox"
          checked={draft.auto_accept}
          onChange={(e) => set('auto_accept', e.target.checked)}
        />
        Accept rental requests automatically
      </label>
      {unplaced.map((path) => (
        <p key={path} className="error" role="alert">
          {path}: {errors[path]}
        </p>
      ))}
      {Object.keys(errors).length > 0 ? (
        <p role="alert" className="error">
          Not saved: correct the {Object.keys(errors).length === 1 ? 'field' : 'fields'} marked
          below their input.
        </p>
      ) : (
        <ErrorText error={save.error} />
      )}
      {save.isSuccess ? (
        <p role="status" className="ok">
          Saved.
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" disabled={save.isPending}>
          Save changes
        </button>
        <Link className="button secondary" to="/provider/offerings">
          Back to offerings
        </Link>
      </div>
    </form>
  );
}
