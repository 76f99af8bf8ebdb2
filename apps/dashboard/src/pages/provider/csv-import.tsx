import { importOfferingsCsv } from '@dc/client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorText } from '../../components/status';
import { useSignedIn } from '../../session/session';
import { TableWrap } from './table-wrap';

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
          <TableWrap label="Import preview">
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
          </TableWrap>
        </>
      ) : null}
    </section>
  );
}
