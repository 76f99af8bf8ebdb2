import {
  createOffering,
  createPool,
  createSetupToken,
  getMe,
  type listPools,
  putProviderProfile,
  REGIONS,
} from '@dc/client';
import { parseMoney } from '@dc/pricing';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { apiBaseUrl } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { CopyButton } from '../../components/copy-button';
import { formatTime } from '../../components/money';
import { ErrorText } from '../../components/status';
import { useSession, useSignedIn } from '../../session/session';

/** A pool of the provider, as the API lists it. */
export type Pool = Awaited<ReturnType<typeof listPools>>['items'][number];

function useField(initial: string) {
  const [value, setValue] = useState(initial);
  return { value, onChange: (e: { target: { value: string } }) => setValue(e.target.value) };
}

/** Step 1: the provider profile that makes the account a provider. */
export function ProfileForm() {
  const { client } = useSignedIn();
  const { setAccount } = useSession();
  const legal = useField('');
  const display = useField('');
  const country = useField('DE');
  const email = useField('');
  const save = useMutation({
    mutationFn: async () => {
      await putProviderProfile(client, {
        body: {
          legal_name: legal.value,
          display_name: display.value,
          country: country.value.toUpperCase(),
          support_email: email.value,
          website: null,
          support_policy: { response_hours: 4, channels: ['messages', 'email'], hours: '24/7' },
        },
      });
      return getMe(client, {});
    },
    onSuccess: setAccount,
  });
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <label htmlFor="legal-name">Legal name</label>
      <input id="legal-name" required {...legal} />
      <label htmlFor="display-name-p">Display name</label>
      <input id="display-name-p" required {...display} />
      <label htmlFor="p-country">Country (ISO code)</label>
      <input id="p-country" required maxLength={2} {...country} />
      <label htmlFor="support-email">Support email</label>
      <input id="support-email" type="email" required {...email} />
      <ErrorText error={save.error} />
      <div className="actions">
        <button type="submit" disabled={save.isPending}>
          Save profile
        </button>
      </div>
    </form>
  );
}

/** Step 2: the pool of servers an agent serves. */
export function PoolForm() {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const name = useField('my-servers');
  const region = useField('europe');
  const kind = useField('hetzner');
  const create = useMutation({
    mutationFn: () =>
      createPool(client, {
        body: {
          name: name.value,
          region: region.value as (typeof REGIONS)[number],
          country: null,
          provisioner_kinds: [kind.value],
        },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['pools'] }),
  });
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate();
      }}
    >
      <label htmlFor="pool-name">Pool name</label>
      <input id="pool-name" required {...name} />
      <label htmlFor="pool-region">Region</label>
      <select id="pool-region" {...region}>
        {REGIONS.map((r) => (
          <option key={r}>{r}</option>
        ))}
      </select>
      <label htmlFor="pool-kind">Provisioner</label>
      <select id="pool-kind" {...kind}>
        {['hetzner', 'proxmox', 'docker', 'digitalocean', 'vultr', 'script', 'manual'].map((k) => (
          <option key={k}>{k}</option>
        ))}
      </select>
      <ErrorText error={create.error} />
      <div className="actions">
        <button type="submit" disabled={create.isPending}>
          Create pool
        </button>
      </div>
    </form>
  );
}

/** Step 3: a setup token and the exact dc-agent commands that use it. */
export function AgentSetup({ pool }: { readonly pool: Pool }) {
  const { client } = useSignedIn();
  const token = useMutation({
    mutationFn: () => createSetupToken(client, { id: pool.id, body: {} }),
  });
  const commands = token.data
    ? [
        `dc-agent init --non-interactive --api-url ${apiBaseUrl()} --region ${pool.region} --provisioner ${pool.provisioner_kinds[0] ?? 'hetzner'}`,
        `dc-agent register --token ${token.data.token}`,
        'dc-agent doctor',
        'dc-agent run',
      ].join('\n')
    : null;
  return (
    <>
      <p>
        Agent status:{' '}
        <strong data-testid="pool-online">
          {pool.online
            ? `online (last heartbeat ${formatTime(pool.last_heartbeat_at)})`
            : 'no agent online'}
        </strong>
      </p>
      <button
        type="button"
        className="secondary"
        disabled={token.isPending}
        onClick={() => token.mutate()}
      >
        Create a setup token
      </button>
      <ErrorText error={token.error} />
      {commands && token.data ? (
        <>
          <p>
            On the machine that will run the agent (token shown once, single use, expires{' '}
            {formatTime(token.data.expires_at)}):
          </p>
          <pre data-testid="agent-commands">{commands}</pre>
          <CopyButton text={commands} label="Copy the commands" />
        </>
      ) : null}
    </>
  );
}

/** Step 4: a first offering with the fields a small VPS needs. */
export function OfferingForm({ pool }: { readonly pool: Pool }) {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const name = useField('Small VPS');
  const slug = useField('small-vps');
  const price = useField('10.00');
  const cores = useField('2');
  const memory = useField('4');
  const disk = useField('40');
  const country = useField('DE');
  const image = useField('ubuntu-24.04');
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (pricePerMonth: number) =>
      createOffering(client, {
        body: {
          slug: slug.value,
          name: name.value,
          product_type: 'compute',
          virtualization: 'kvm',
          currency: 'USD',
          price_per_month: pricePerMonth,
          cpu_cores: Number(cores.value),
          memory_mib: Number(memory.value) * 1024,
          disk_gib: Number(disk.value),
          disk_kind: 'ssd',
          bandwidth_mbps: 1000,
          country: country.value.toUpperCase(),
          provisioner: pool.provisioner_kinds[0] ?? 'hetzner',
          pool_id: pool.id,
          os_images: [image.value],
          draft: false,
        } as never,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['my-offerings'] }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    try {
      setError(null);
      create.mutate(Number(parseMoney(price.value, 'USD').amount));
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  return (
    <form onSubmit={submit}>
      <div className="row">
        <div>
          <label htmlFor="o-name">Name</label>
          <input id="o-name" required {...name} />
        </div>
        <div>
          <label htmlFor="o-slug">Slug</label>
          <input id="o-slug" required {...slug} />
        </div>
        <div>
          <label htmlFor="o-price">Price per month (USD)</label>
          <input id="o-price" inputMode="decimal" required {...price} />
        </div>
      </div>
      <div className="row">
        <div>
          <label htmlFor="o-cores">CPU cores</label>
          <input id="o-cores" type="number" min={1} required {...cores} />
        </div>
        <div>
          <label htmlFor="o-memory">Memory (GiB)</label>
          <input id="o-memory" type="number" min={1} required {...memory} />
        </div>
        <div>
          <label htmlFor="o-disk">Disk (GiB SSD)</label>
          <input id="o-disk" type="number" min={1} required {...disk} />
        </div>
        <div>
          <label htmlFor="o-country">Country</label>
          <input id="o-country" maxLength={2} required {...country} />
        </div>
        <div>
          <label htmlFor="o-image">OS image</label>
          <input id="o-image" required {...image} />
        </div>
      </div>
      {error ? <p className="error">{error}</p> : null}
      <ErrorText error={create.error} />
      <div className="actions">
        <button type="submit" disabled={create.isPending}>
          Publish offering
        </button>
      </div>
    </form>
  );
}
