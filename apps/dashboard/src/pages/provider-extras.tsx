import { getMyEarnings, importOfferingsCsv } from '@dc/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatAmount, formatTime } from '../components/money';
import { ErrorText, QueryState } from '../components/status';
import { useSignedIn } from '../session/session';

/** Earnings per currency, as the API's ledger sums them. */
export function Earnings() {
  const { client } = useSignedIn();
  const earnings = useQuery({ queryKey: ['earnings'], queryFn: () => getMyEarnings(client, {}) });
  return (
    <section aria-labelledby="earnings-h">
      <h2 id="earnings-h">Earnings</h2>
      <QueryState
        loading={earnings.isPending}
        error={earnings.error}
        empty={earnings.data?.balances.length === 0}
        emptyText="No earnings yet: they accrue hourly while your servers run."
      >
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Currency</th>
                <th scope="col">Earned</th>
                <th scope="col">Platform fee</th>
                <th scope="col">Paid out</th>
                <th scope="col">Payable</th>
                <th scope="col">Last accrued</th>
              </tr>
            </thead>
            <tbody>
              {earnings.data?.balances.map((b) => (
                <tr key={b.currency}>
                  <td>{b.currency}</td>
                  <td>{formatAmount(b.earned, b.currency)}</td>
                  <td>{formatAmount(b.platform_fee, b.currency)}</td>
                  <td>{formatAmount(b.paid_out, b.currency)}</td>
                  <td>{formatAmount(b.payable, b.currency)}</td>
                  <td>{formatTime(b.last_accrued_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </QueryState>
    </section>
  );
}

/** CSV import: the API's dry run shows what each row would do before anything changes. */
export function CsvImport() {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const [csv, setCsv] = useState('');
  const run = useMutation({
    mutationFn: (dryRun: boolean) =>
      importOfferingsCsv(client, { body: { csv, dry_run: dryRun, partial: false } }),
    onSuccess: (report) => {
      if (report.committed) void queryClient.invalidateQueries({ queryKey: ['my-offerings'] });
    },
  });
  const report = run.data;
  return (
    <section aria-labelledby="csv-h">
      <h2 id="csv-h">Import offerings from CSV</h2>
      <label htmlFor="csv-file">CSV file</label>
      <input
        id="csv-file"
        type="file"
        accept=".csv,text/csv"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void file.text().then(setCsv);
        }}
      />
      <label htmlFor="csv-text">Or paste it</label>
      <textarea id="csv-text" rows={4} value={csv} onChange={(e) => setCsv(e.target.value)} />
      <div className="actions">
        <button
          type="button"
          className="secondary"
          disabled={!csv || run.isPending}
          onClick={() => run.mutate(true)}
        >
          Preview
        </button>
        <button
          type="button"
          disabled={!report?.dry_run || (report.counts['error'] ?? 0) > 0 || run.isPending}
          onClick={() => run.mutate(false)}
        >
          Import
        </button>
      </div>
      <ErrorText error={run.error} />
      {report ? (
        <>
          <p aria-live="polite">
            {report.committed ? 'Imported: ' : 'Preview: '}
            {Object.entries(report.counts)
              .map(([outcome, n]) => `${n} ${outcome}`)
              .join(', ')}
          </p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Slug</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {report.rows.map((row) => (
                  <tr key={row.line}>
                    <td>{row.line}</td>
                    <td>{row.slug ?? '—'}</td>
                    <td className={row.outcome === 'error' ? 'error' : undefined}>{row.outcome}</td>
                    <td>
                      {row.errors.map((e) => `${e.field}: ${e.message}`).join('; ') ||
                        row.changed_fields.join(', ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}
