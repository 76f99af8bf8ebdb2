import { type Offering, SEARCH_SORTS, safeParseSearchQuery, searchOfferings } from '@dc/client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { formatAmount } from '../components/money';
import { QueryState } from '../components/status';
import { useSession } from '../session/session';

const SORT_LABELS: Record<(typeof SEARCH_SORTS)[number], string> = {
  price: 'Price, lowest first',
  '-price': 'Price, highest first',
  trust: 'Trust score',
  '-uptime': 'Uptime',
  newest: 'Newest',
};
const TYPES = ['', 'compute', 'dedicated', 'gpu', 'storage', 'network'] as const;

/** The search query with the type filter folded in (the DSL is the one filter language). */
function withType(q: string, type: string): string {
  const rest = q.replace(/(^|\s)type:\S+/g, ' ').trim();
  return type ? `${rest} type:${type}`.trim() : rest;
}

/** The marketplace: DSL search validated as you type, filters, sort and pages. */
export default function Marketplace() {
  const { session, anonymous } = useSession();
  const client = session?.client ?? anonymous;
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const sort = (params.get('sort') ?? '') as (typeof SEARCH_SORTS)[number] | '';
  const [draft, setDraft] = useState(q);
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const parsed = safeParseSearchQuery(draft);

  const page = useQuery({
    queryKey: ['offerings', q, sort, cursor],
    queryFn: () =>
      searchOfferings(client, {
        q,
        limit: 12,
        ...(sort ? { sort } : {}),
        ...(cursor ? { cursor } : {}),
      }),
    placeholderData: keepPreviousData,
  });

  const apply = (next: { q?: string; sort?: string }) => {
    const merged = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next)) {
      if (value) merged.set(key, value);
      else merged.delete(key);
    }
    setCursors([]);
    setParams(merged);
  };
  const typeMatch = /(?:^|\s)type:(\w+)/.exec(q);

  return (
    <>
      <h1>Marketplace</h1>
      <search>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (parsed.ok) apply({ q: draft.trim() });
          }}
        >
          <label htmlFor="q">Search</label>
          <div className="row">
            <input
              id="q"
              value={draft}
              placeholder="type:gpu price:<=100 country:(US OR DE)"
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => setDraft(e.target.value)}
              aria-invalid={!parsed.ok}
              aria-describedby="q-help"
            />
            <button type="submit" disabled={!parsed.ok} style={{ flex: '0 0 auto' }}>
              Search
            </button>
          </div>
          <div id="q-help" aria-live="polite">
            {parsed.ok ? (
              <p className="hint">
                Fields such as type, price, cores, memory, country, trust; e.g.{' '}
                <code>cores:&gt;=4 memory:&gt;=8GB -country:CN</code>
              </p>
            ) : (
              <>
                <p className="error">
                  {parsed.error.message} (at character {parsed.error.position + 1})
                </p>
                <pre className="dsl-error" aria-hidden="true">
                  {draft.slice(0, parsed.error.position)}
                  <mark>
                    {draft.slice(parsed.error.position, parsed.error.position + 1) || ' '}
                  </mark>
                  {draft.slice(parsed.error.position + 1)}
                </pre>
              </>
            )}
          </div>
        </form>
      </search>
      <div className="row">
        <div>
          <label htmlFor="type">Type</label>
          <select
            id="type"
            value={typeMatch?.[1] ?? ''}
            onChange={(e) => {
              const next = withType(q, e.target.value);
              setDraft(next);
              apply({ q: next });
            }}
          >
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {t === '' ? 'Any' : t}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="sort">Sort by</label>
          <select id="sort" value={sort} onChange={(e) => apply({ sort: e.target.value })}>
            <option value="">Relevance</option>
            {SEARCH_SORTS.map((s) => (
              <option key={s} value={s}>
                {SORT_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <QueryState
        loading={page.isPending}
        error={page.error}
        empty={page.data?.items.length === 0}
        emptyText="No offering matches this search."
      >
        <ul className="grid" aria-label="Offerings">
          {page.data?.items.map((offering) => (
            <OfferingCard key={offering.id} offering={offering} />
          ))}
        </ul>
        <nav className="pagination" aria-label="Pages">
          <button
            type="button"
            className="secondary"
            disabled={cursors.length === 0}
            onClick={() => setCursors(cursors.slice(0, -1))}
          >
            Previous
          </button>
          <span>Page {cursors.length + 1}</span>
          <button
            type="button"
            className="secondary"
            disabled={!page.data?.next_cursor}
            onClick={() =>
              page.data?.next_cursor && setCursors([...cursors, page.data.next_cursor])
            }
          >
            Next
          </button>
        </nav>
      </QueryState>
    </>
  );
}

function OfferingCard({ offering }: { readonly offering: Offering }) {
  return (
    <li className="card">
      <h2>
        <Link to={`/offerings/${offering.id}`}>{offering.name}</Link>
      </h2>
      <p>
        <strong>{formatAmount(offering.price_per_month, offering.currency)}</strong> / month
        {offering.market_delta_pct !== null ? (
          <span className="muted">
            {' '}
            ({offering.market_delta_pct > 0 ? '+' : ''}
            {offering.market_delta_pct.toFixed(0)} % vs market)
          </span>
        ) : null}
      </p>
      <p className="muted">
        {offering.cpu_cores} cores · {Math.round(offering.memory_mib / 1024)} GiB RAM ·{' '}
        {offering.disk_gib} GiB {offering.disk_kind} · {offering.country}
      </p>
      <p className="muted">
        by @{offering.provider_username} · trust {offering.trust_score ?? 'not rated yet'}
      </p>
    </li>
  );
}
