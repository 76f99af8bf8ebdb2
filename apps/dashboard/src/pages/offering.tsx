import {
  getOffering,
  getProviderRecord,
  type Offering,
  type QuoteRentalReturnType,
  quoteRental,
  rentContract,
} from '@dc/client';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useDeferredValue, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { errorMessage, idempotencyKey, isNotFound } from '../api/errors';
import { formatAmount } from '../components/money';
import { ErrorText, QueryState } from '../components/status';
import { useSandbox } from '../platform';
import { useSession } from '../session/session';

const pct = (value: number | null | undefined) => (value == null ? '—' : `${value.toFixed(1)} %`);
const duration = (seconds: number | null) =>
  seconds === null
    ? '—'
    : seconds < 3600
      ? `${Math.round(seconds / 60)} min`
      : `${(seconds / 3600).toFixed(1)} h`;

/** One offering: specs, price against the market, the provider's record, and renting it. */
export default function OfferingPage() {
  const { id = '' } = useParams();
  const { session, anonymous } = useSession();
  const client = session?.client ?? anonymous;
  const detail = useQuery({
    queryKey: ['offering', id],
    queryFn: () => getOffering(client, { id }),
  });
  const username = detail.data?.provider.username;
  const record = useQuery({
    queryKey: ['provider-record', username],
    queryFn: () => getProviderRecord(anonymous, { username: username ?? '' }),
    enabled: username !== undefined,
  });

  return (
    <QueryState loading={detail.isPending} error={detail.error}>
      {detail.data ? (
        <>
          <h1>{detail.data.offering.name}</h1>
          <p>{detail.data.offering.description}</p>
          <div className="row">
            <section className="card" aria-labelledby="price-h">
              <h2 id="price-h">Price</h2>
              <p>
                <strong>
                  {formatAmount(
                    detail.data.offering.price_per_month,
                    detail.data.offering.currency,
                  )}
                </strong>{' '}
                per month (720 h), billed by the hour
                {detail.data.offering.setup_fee > 0
                  ? `, setup fee ${formatAmount(detail.data.offering.setup_fee, detail.data.offering.currency)}`
                  : ''}
              </p>
              <p className="muted">
                {detail.data.market.median_price_per_month === null
                  ? `Market comparison needs 5 comparable offerings (${detail.data.market.comparables} now).`
                  : `Market median ${formatAmount(detail.data.market.median_price_per_month, detail.data.offering.currency)}: this is ${pct(detail.data.market.delta_pct)} against it (${detail.data.market.comparables} comparables).`}
              </p>
              <RentButton offering={detail.data.offering} />
            </section>
            <section className="card" aria-labelledby="specs-h">
              <h2 id="specs-h">Specs</h2>
              <Specs offering={detail.data.offering} />
            </section>
          </div>
          <section className="card" aria-labelledby="provider-h">
            <h2 id="provider-h">Provider: {detail.data.provider.display_name}</h2>
            <p className="muted">
              @{detail.data.provider.username} · {detail.data.provider.country} ·{' '}
              {detail.data.provider.online ? 'online' : 'offline'} · member since{' '}
              {new Date(detail.data.provider.member_since).toLocaleDateString()}
            </p>
            {record.error && isNotFound(record.error) ? (
              <p className="muted">{errorMessage(record.error)}</p>
            ) : null}
            <QueryState
              loading={record.isPending}
              error={record.error && !isNotFound(record.error) ? record.error : null}
            >
              {record.data ? (
                <>
                  <dl className="specs">
                    <dt>Trust score</dt>
                    <dd>
                      {record.data.trust_score ??
                        `not rated yet (${record.data.null_reason ?? ''})`}
                    </dd>
                    <dt>Uptime 30 d</dt>
                    <dd>{pct(record.data.metrics.uptime_30d.uptime_pct)}</dd>
                    <dt>Response time</dt>
                    <dd>{duration(record.data.metrics.response_time.median_seconds)}</dd>
                    <dt>Matched the description</dt>
                    <dd>{pct(record.data.metrics.feedback.matched_description.yes_rate_pct)}</dd>
                    <dt>Would rent again</dt>
                    <dd>{pct(record.data.metrics.feedback.would_rent_again.yes_rate_pct)}</dd>
                    <dt>Delivered contracts</dt>
                    <dd>{record.data.metrics.volume.delivered_contracts}</dd>
                  </dl>
                  {record.data.flags.length > 0 ? (
                    <ul aria-label="Trust flags">
                      {record.data.flags.map((flag) => (
                        <li key={flag.metric} className="error">
                          {flag.message}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </>
              ) : null}
            </QueryState>
          </section>
        </>
      ) : null}
    </QueryState>
  );
}

function Specs({ offering }: { readonly offering: Offering }) {
  const rows: [string, string][] = [
    ['Type', `${offering.product_type} (${offering.virtualization})`],
    [
      'CPU',
      `${offering.cpu_cores} cores ${offering.cpu_arch}${offering.cpu_model ? `, ${offering.cpu_model}` : ''}`,
    ],
    ['Memory', `${(offering.memory_mib / 1024).toFixed(1)} GiB`],
    ['Disk', `${offering.disk_gib} GiB ${offering.disk_kind}`],
    [
      'GPU',
      offering.gpu_count > 0 ? `${offering.gpu_count} × ${offering.gpu_model ?? ''}` : 'none',
    ],
    ['Bandwidth', `${offering.bandwidth_mbps} Mbps`],
    ['Location', `${offering.city ? `${offering.city}, ` : ''}${offering.country}`],
    ['OS images', offering.os_images.join(', ')],
    [
      'Rental length',
      offering.max_hours === null
        ? `at least ${offering.min_hours} h`
        : `${offering.min_hours} h to ${offering.max_hours} h`,
    ],
  ];
  return (
    <dl className="specs">
      {rows.map(([term, value]) => (
        <div key={term} style={{ display: 'contents' }}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function RentButton({ offering }: { readonly offering: Offering }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const { session } = useSession();
  if (!session?.account) {
    return (
      <Link
        className="button"
        to={`/sign-in?next=${encodeURIComponent(`/offerings/${offering.id}`)}`}
      >
        Sign in to rent
      </Link>
    );
  }
  return (
    <>
      <button type="button" onClick={() => dialog.current?.showModal()}>
        Rent
      </button>
      <dialog ref={dialog} aria-labelledby="rent-h">
        <RentForm offering={offering} onClose={() => dialog.current?.close()} />
      </dialog>
    </>
  );
}

/** The quote's total and how it is made up, as the API computed it (no rule of our own). */
function QuoteLines({ quote }: { readonly quote: QuoteRentalReturnType }) {
  const amount = (minor: number) => formatAmount(minor, quote.currency);
  const vat =
    quote.vat_kind === 'none'
      ? 'no VAT'
      : `VAT ${(quote.vat_rate_bps / 100).toFixed(quote.vat_rate_bps % 100 === 0 ? 0 : 2)} % ${amount(quote.vat)}`;
  return (
    <>
      <p className="hint">
        {amount(quote.charge)} for {quote.hours} h
        {quote.setup_fee > 0 ? ` + ${amount(quote.setup_fee)} setup` : ''}, {vat}
        {quote.vat_note ? ` (${quote.vat_note})` : ''}.
      </p>
      {quote.wallet_covers ? null : (
        <p className="error" role="alert">
          Your wallet holds {amount(quote.wallet_balance)}: top it up by{' '}
          {amount(quote.total - quote.wallet_balance)} first.
        </p>
      )}
    </>
  );
}

function RentForm({
  offering,
  onClose,
}: {
  readonly offering: Offering;
  readonly onClose: () => void;
}) {
  const { session } = useSession();
  const sandbox = useSandbox();
  const navigate = useNavigate();
  const [hours, setHours] = useState(String(Math.max(offering.min_hours, 24)));
  const [sshKey, setSshKey] = useState('');
  const [image, setImage] = useState(offering.os_images[0] ?? '');
  const [key] = useState(idempotencyKey);
  const rent = useMutation({
    mutationFn: () => {
      if (!session) throw new Error('Sign in first.');
      return rentContract(session.client, {
        body: {
          offering_id: offering.id,
          hours: Number(hours),
          ssh_public_keys: [sshKey.trim()],
          os_image: image,
          payment_rail: 'wallet',
          idempotency_key: key,
        },
      });
    },
    onSuccess: (contract) => navigate(`/rentals?contract=${contract.id}`),
  });
  // Asked as the user types, for what was typed once they pause (a deferred value).
  const asked = useDeferredValue({ hours: Number(hours), image });
  const quote = useQuery({
    queryKey: ['rent-quote', offering.id, asked.hours, asked.image, session?.identity.publicKeyHex],
    queryFn: () => {
      if (!session) throw new Error('Sign in to see the price with VAT.');
      return quoteRental(session.client, {
        body: { offering_id: offering.id, hours: asked.hours, os_image: asked.image },
      });
    },
    enabled: session !== null && Number.isInteger(asked.hours) && asked.hours >= 1,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const current =
    quote.data !== undefined &&
    !quote.isPlaceholderData &&
    quote.data.hours === Number(hours) &&
    !quote.isError
      ? quote.data
      : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    rent.mutate();
  };
  return (
    <form onSubmit={submit}>
      <h2 id="rent-h">Rent {offering.name}</h2>
      {sandbox ? <p className="badge">local sandbox: paid with test money</p> : null}
      <label htmlFor="rent-hours">Hours</label>
      <input
        id="rent-hours"
        type="number"
        inputMode="numeric"
        min={offering.min_hours}
        max={offering.max_hours ?? 87_600}
        value={hours}
        onChange={(e) => setHours(e.target.value)}
        required
      />
      <label htmlFor="rent-image">OS image</label>
      <select id="rent-image" value={image} onChange={(e) => setImage(e.target.value)}>
        {offering.os_images.map((name) => (
          <option key={name}>{name}</option>
        ))}
      </select>
      <label htmlFor="rent-ssh">Your SSH public key</label>
      <textarea
        id="rent-ssh"
        rows={3}
        spellCheck={false}
        placeholder="ssh-ed25519 AAAA... me@laptop"
        value={sshKey}
        onChange={(e) => setSshKey(e.target.value)}
        aria-describedby="rent-ssh-help"
        required
      />
      <p id="rent-ssh-help" className="hint">
        One line from ~/.ssh/id_ed25519.pub. The root password, if any, is sealed to your account
        key and opened only in this browser.
      </p>
      <div aria-live="polite">
        <p>
          Total:{' '}
          <strong data-testid="cost-preview">
            {current ? formatAmount(current.total, current.currency) : '—'}
          </strong>
          , paid from your wallet now.
        </p>
        {current ? <QuoteLines quote={current} /> : null}
        <ErrorText error={quote.error} />
      </div>
      <ErrorText error={rent.error} />
      <div className="actions">
        <button
          type="submit"
          disabled={rent.isPending || current === undefined || !current.wallet_covers}
        >
          {rent.isPending ? 'Renting…' : 'Rent and pay'}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </div>
    </form>
  );
}
