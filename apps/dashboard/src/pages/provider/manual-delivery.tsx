import { getContract } from '@dc/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorText, QueryState } from '../../components/status';
import { useSignedIn } from '../../session/session';
import { Field } from './field';
import { apiFieldErrors, type FieldErrors } from './field-errors';
import { deliverByHand, instanceOf, type ManualDeliveryInput } from './seal-delivery';

/** `/provider/contracts/:id/deliver`: the server a provider set up by hand, and its secret. */
export default function ManualDelivery() {
  const { id = '' } = useParams();
  const { client } = useSignedIn();
  const contract = useQuery({
    queryKey: ['contract', id],
    queryFn: () => getContract(client, { id }),
  });
  const c = contract.data;
  // Kept here: the refetched contract is no longer awaiting delivery once the form succeeds.
  const [delivered, setDelivered] = useState<{ status: string; sealedTo: number } | null>(null);
  return (
    <section aria-labelledby="deliver-h">
      <h2 id="deliver-h">Deliver a server by hand</h2>
      <QueryState loading={contract.isPending} error={contract.error}>
        {c ? (
          <>
            <p>
              {c.offering_name} for @{c.renter_username}, {c.hours} h, {c.os_image}. Status:{' '}
              <strong data-testid="deliver-status">{c.status}</strong>.{' '}
              <Link to={`/contracts/${c.id}`}>Open the contract and its messages</Link>
            </p>
            {c.ssh_public_keys.length > 0 ? (
              <>
                <p>Install the renter's SSH keys for the user you give below:</p>
                <pre>{c.ssh_public_keys.join('\n')}</pre>
              </>
            ) : null}
            {delivered ? (
              <p role="status" className="ok">
                Delivered: the contract is {delivered.status}.{' '}
                {delivered.sealedTo > 0
                  ? `The secret was sealed to the renter's ${delivered.sealedTo} ${delivered.sealedTo === 1 ? 'key' : 'keys'}; they open it on the contract page.`
                  : 'No secret was sent: the renter logs in with their SSH key.'}
              </p>
            ) : c.status === 'accepted' || c.status === 'provisioning' ? (
              <DeliveryForm contractId={c.id} onDelivered={setDelivered} />
            ) : (
              <p>Nothing to deliver: the contract is {c.status}.</p>
            )}
          </>
        ) : null}
      </QueryState>
    </section>
  );
}

const EMPTY: ManualDeliveryInput = {
  externalId: '',
  ipv4: '',
  ipv6: '',
  hostname: '',
  sshPort: '22',
  sshUser: 'root',
  purpose: 'root_password',
  secret: '',
};

function DeliveryForm(props: {
  readonly contractId: string;
  readonly onDelivered: (outcome: { status: string; sealedTo: number }) => void;
}) {
  const { contractId } = props;
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const [input, setInput] = useState(EMPTY);
  const [localErrors, setLocalErrors] = useState<FieldErrors>({});
  const deliver = useMutation({
    mutationFn: (value: ManualDeliveryInput) => deliverByHand(client, contractId, value),
    onSuccess: async (result) => {
      // The plaintext goes no further: the form forgets it once the envelope is delivered.
      setInput((current) => ({ ...current, secret: '' }));
      props.onDelivered({ status: result.status, sealedTo: result.sealedTo });
      await queryClient.invalidateQueries({ queryKey: ['contract', contractId] });
      await queryClient.invalidateQueries({ queryKey: ['contracts'] });
    },
  });
  const errors: FieldErrors = { ...apiFieldErrors(deliver.error), ...localErrors };
  const at = (...paths: string[]) => {
    const found = Object.entries(errors)
      .filter(([path]) => paths.some((p) => path === p || path.startsWith(`${p}.`)))
      .map(([, message]) => message);
    return found.length > 0 ? found.join('; ') : undefined;
  };
  const bind = (key: keyof ManualDeliveryInput) => ({
    value: input[key],
    onChange: (e: { target: { value: string } }) =>
      setInput((current) => ({ ...current, [key]: e.target.value })),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    deliver.reset();
    const { errors: found } = instanceOf(input);
    setLocalErrors(found);
    if (Object.keys(found).length === 0) deliver.mutate(input);
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Server details">
      <div className="row">
        <Field
          id="m-external-id"
          label="Your reference for the server"
          hint="Any id you use for it (rack slot, VM name); termination names it."
          error={at('instance.external_id', 'instance.provisioner')}
        >
          {(a11y) => <input {...a11y} required {...bind('externalId')} />}
        </Field>
        <Field id="m-ipv4" label="IPv4 address" error={at('instance.ipv4')}>
          {(a11y) => <input {...a11y} inputMode="decimal" {...bind('ipv4')} />}
        </Field>
        <Field id="m-ipv6" label="IPv6 address" hint="Optional." error={at('instance.ipv6')}>
          {(a11y) => <input {...a11y} {...bind('ipv6')} />}
        </Field>
        <Field id="m-hostname" label="Hostname" hint="Optional." error={at('instance.hostname')}>
          {(a11y) => <input {...a11y} {...bind('hostname')} />}
        </Field>
        <Field id="m-port" label="SSH port" error={at('instance.ssh_port')}>
          {(a11y) => <input {...a11y} type="number" min={1} max={65535} {...bind('sshPort')} />}
        </Field>
        <Field id="m-user" label="Username" error={at('instance.ssh_user')}>
          {(a11y) => <input {...a11y} autoComplete="off" {...bind('sshUser')} />}
        </Field>
      </div>
      <div className="row">
        <Field
          id="m-purpose"
          label="What the secret is"
          hint="snake_case, e.g. root_password or panel_password."
          error={at('purpose')}
        >
          {(a11y) => <input {...a11y} autoComplete="off" {...bind('purpose')} />}
        </Field>
        <Field
          id="m-secret"
          label="Password or other secret"
          hint="Sealed in this browser to every key of the renter; the platform never sees it. Leave empty when the renter logs in with their SSH key only."
          error={at('credentials')}
        >
          {(a11y) => (
            <input {...a11y} type="password" autoComplete="new-password" {...bind('secret')} />
          )}
        </Field>
      </div>
      {at('instance.details', 'instance.status') ? (
        <p className="error">{at('instance.details', 'instance.status')}</p>
      ) : null}
      {Object.keys(errors).length > 0 ? (
        <p role="alert" className="error">
          Not delivered: correct the fields marked below their input.
        </p>
      ) : (
        <ErrorText error={deliver.error} />
      )}
      <div className="actions">
        <button type="submit" disabled={deliver.isPending}>
          Seal and deliver
        </button>
      </div>
    </form>
  );
}
