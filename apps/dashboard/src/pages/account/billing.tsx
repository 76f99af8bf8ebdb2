import {
  BillingSettingsInput,
  COUNTRY_CODES,
  getBillingSettings,
  putBillingSettings,
} from '@dc/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { isNotFound } from '../../api/errors';
import { formatTime } from '../../components/money';
import { ErrorText, QueryState } from '../../components/status';
import { useSignedIn } from '../../session/session';
import { Field } from './field';
import { apiFieldErrors, checkFields, type FieldErrors } from './field-errors';

type Settings = Awaited<ReturnType<typeof getBillingSettings>>;

const VAT_STATUS: Record<Settings['vat_id_status'], string> = {
  none: 'no VAT number',
  valid: 'valid (confirmed by VIES): cross-border EU purchases are reverse charge',
  invalid: 'invalid according to VIES',
  unverified: 'not confirmed yet (VIES could not be asked): VAT is charged until it confirms',
};

/** Account, Billing: who invoices are made out to, with the VAT number checked in VIES. */
export function Billing() {
  const { client } = useSignedIn();
  const settings = useQuery({
    queryKey: ['billing-settings'],
    // Not saved yet is a 404: an empty form, not an error.
    queryFn: async () => {
      try {
        return await getBillingSettings(client, {});
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },
  });
  return (
    <>
      <h2>Billing</h2>
      <QueryState loading={settings.isPending} error={settings.error}>
        {settings.data ? (
          <p data-testid="vat-status">
            VAT number: {VAT_STATUS[settings.data.vat_id_status]}
            {settings.data.vat_id_checked_at
              ? ` (checked ${formatTime(settings.data.vat_id_checked_at)})`
              : ''}
            . Saved {formatTime(settings.data.updated_at)}.
          </p>
        ) : (
          <p className="muted">No billing details yet: invoices need them before you rent.</p>
        )}
        {settings.isSuccess ? <BillingForm saved={settings.data} /> : null}
      </QueryState>
    </>
  );
}

function BillingForm({ saved }: { readonly saved: Settings | null }) {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({
    buyer_kind: saved?.buyer_kind ?? 'individual',
    name: saved?.name ?? '',
    address_line1: saved?.address_line1 ?? '',
    address_line2: saved?.address_line2 ?? '',
    postal_code: saved?.postal_code ?? '',
    city: saved?.city ?? '',
    region: saved?.region ?? '',
    country: saved?.country ?? 'DE',
    vat_id: saved?.vat_id ?? '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const save = useMutation({
    mutationFn: (body: Parameters<typeof putBillingSettings>[1]['body']) =>
      putBillingSettings(client, { body }),
    onSuccess: (next) => queryClient.setQueryData(['billing-settings'], next),
    onError: (error) => setErrors(apiFieldErrors(error)),
  });
  const orNull = (v: string) => (v.trim() === '' ? null : v);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = {
      buyer_kind: form.buyer_kind,
      name: form.name,
      address_line1: form.address_line1,
      address_line2: orNull(form.address_line2),
      postal_code: orNull(form.postal_code),
      city: form.city,
      region: orNull(form.region),
      country: form.country,
      vat_id: form.buyer_kind === 'business' ? orNull(form.vat_id) : null,
    };
    const found = checkFields(BillingSettingsInput, body);
    setErrors(found);
    if (Object.keys(found).length === 0) save.mutate(body);
  };
  const text = (key: keyof typeof form, label: string, hint?: string) => (
    <Field id={`billing-${key}`} label={label} error={errors[key]} {...(hint ? { hint } : {})}>
      {(a11y) => <input {...a11y} value={form[key]} onChange={set(key)} />}
    </Field>
  );
  return (
    <form onSubmit={submit} noValidate aria-labelledby="billing-form-h">
      <h3 id="billing-form-h">Invoice details</h3>
      <Field id="billing-buyer_kind" label="You buy as" error={errors['buyer_kind']}>
        {(a11y) => (
          <select {...a11y} value={form.buyer_kind} onChange={set('buyer_kind')}>
            <option value="individual">an individual</option>
            <option value="business">a business</option>
          </select>
        )}
      </Field>
      {text('name', form.buyer_kind === 'business' ? 'Legal name' : 'Name')}
      {text('address_line1', 'Address')}
      {text('address_line2', 'Address line 2 (optional)')}
      <div className="row">
        {text('postal_code', 'Postal code')}
        {text('city', 'City')}
      </div>
      {text('region', 'Region (optional)')}
      <Field id="billing-country" label="Country" error={errors['country']}>
        {(a11y) => (
          <select {...a11y} value={form.country} onChange={set('country')}>
            {COUNTRY_CODES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        )}
      </Field>
      {form.buyer_kind === 'business'
        ? text('vat_id', 'VAT number (optional)', 'With its country prefix, e.g. DE123456789.')
        : null}
      <ErrorText error={Object.keys(errors).length === 0 ? save.error : null} />
      {save.isSuccess ? (
        <p className="ok" role="status">
          Saved.
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" disabled={save.isPending}>
          Save billing details
        </button>
      </div>
    </form>
  );
}
