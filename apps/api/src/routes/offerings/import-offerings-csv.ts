import {
  CSV_ROW_OUTCOMES,
  changedOfferingFields,
  type FieldIssue,
  type ImportOfferingsReport,
  type OfferingCsvColumn,
  type OfferingCsvIssue,
  type OfferingCsvRow,
  type OfferingValues,
  offeringOfCsvRow,
  type operations,
  parseOfferingsCsv,
} from '@dc/client';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { accountCaller } from '../../accounts/caller';
import type { Database } from '../../db/schema';
import type { Handler } from '../../http/mount';
import { scheduleMarketRefresh } from '../../offerings/market';
import {
  allowListsOf,
  insertOffering,
  type OfferingRow,
  offeringValuesOf,
  updateOfferingRow,
  validateOfferingForProvider,
} from '../../offerings/store';

type Report = z.input<typeof ImportOfferingsReport>;
type ReportRow = Report['rows'][number];

/** A row of the file and what importing it does. */
type Plan =
  | { readonly kind: 'error'; readonly row: ReportRow }
  | { readonly kind: 'unchanged'; readonly row: ReportRow }
  | { readonly kind: 'created'; readonly row: ReportRow; readonly values: OfferingValues }
  | {
      readonly kind: 'updated';
      readonly row: ReportRow;
      readonly values: OfferingValues;
      readonly id: string;
    };

/** The caller's stored offering of one slug. */
interface StoredOffering {
  readonly id: string;
  readonly values: OfferingValues;
}

/** Server-side issues (`pool_id`, `provisioner_config.location`) as CSV column issues. */
function columnIssues(issues: readonly FieldIssue[]): OfferingCsvIssue[] {
  return issues.map(({ path, message }) => {
    const dot = path.indexOf('.');
    return dot === -1
      ? { field: path, message }
      : { field: path.slice(0, dot), message: `${path.slice(dot + 1)}: ${message}` };
  });
}

/**
 * Decides what one parsed row does, running the checks that need the database. A row whose
 * slug the caller already uses changes only the columns the file has; any other row creates.
 */
async function planRow(
  trx: Kysely<Database>,
  providerId: string,
  row: OfferingCsvRow,
  stored: ReadonlyMap<string, StoredOffering>,
): Promise<Plan> {
  const report = (
    outcome: ReportRow['outcome'],
    errors: readonly OfferingCsvIssue[] = [],
    changed: readonly OfferingCsvColumn[] = [],
  ): ReportRow => ({
    line: row.line,
    slug: row.slug,
    outcome,
    errors: [...errors],
    changed_fields: [...changed],
  });
  if (row.errors.length > 0) return { kind: 'error', row: report('error', row.errors) };
  // A row without errors has its slug: the column is required and the parser checked the cell.
  const existing = stored.get(row.fields.slug as string);
  const result = offeringOfCsvRow(row, existing?.values);
  if (!result.ok) return { kind: 'error', row: report('error', result.errors) };
  const values = result.values;
  const issues = await validateOfferingForProvider(trx, providerId, values, '');
  if (issues.length > 0) return { kind: 'error', row: report('error', columnIssues(issues)) };
  if (existing === undefined) return { kind: 'created', row: report('created'), values };
  const changed = changedOfferingFields(existing.values, values);
  if (changed.length === 0) return { kind: 'unchanged', row: report('unchanged') };
  return { kind: 'updated', row: report('updated', [], changed), values, id: existing.id };
}

/** The caller's live offerings by slug, as the values an import row is compared with. */
async function storedOfferings(
  trx: Kysely<Database>,
  providerId: string,
): Promise<Map<string, StoredOffering>> {
  const rows: OfferingRow[] = await trx
    .selectFrom('offerings')
    .selectAll()
    .where('provider_id', '=', providerId)
    .where('deleted_at', 'is', null)
    .execute();
  const allowLists = await allowListsOf(
    trx,
    rows.map((row) => row.id),
  );
  return new Map(
    rows.map((row) => [
      row.slug,
      { id: row.id, values: offeringValuesOf(row, allowLists.get(row.id) ?? []) },
    ]),
  );
}

function countsOf(rows: readonly ReportRow[]): Report['counts'] {
  const counts = Object.fromEntries(CSV_ROW_OUTCOMES.map((outcome) => [outcome, 0])) as Record<
    ReportRow['outcome'],
    number
  >;
  for (const row of rows) counts[row.outcome] += 1;
  return counts;
}

/**
 * `POST /v1/provider/offerings/import`: creates and updates the caller's offerings from CSV
 * (spec §3). Each row is `created` (new slug), `updated` (some field differs), `unchanged` or
 * `error` (a cell or rule the parser refuses, or a server check: pool ownership and kind,
 * provisioner config, allow-list usernames). `dry_run` (the default) only reports. A commit is
 * all-or-nothing: one bad row and nothing is written, unless `partial` asks to write the good
 * rows anyway. Reading and writing share one transaction, so the report describes exactly what
 * was written. A file may hold only some columns: on an existing offering only those fields
 * change (the others keep their stored values, and the merged whole is validated as on PATCH),
 * a new slug takes the defaults and needs every column without one. An `updated` row lists its
 * `changed_fields`, so the preview shows what a commit would overwrite.
 */
export const importOfferingsCsv: Handler<typeof operations.importOfferingsCsv> = async (
  { body },
  ctx,
) => {
  const caller = accountCaller(ctx);
  const parsed = parseOfferingsCsv(body.csv);
  if (parsed.headerErrors.length > 0) {
    const header: ReportRow = {
      line: 1,
      slug: null,
      outcome: 'error',
      errors: [...parsed.headerErrors],
      changed_fields: [],
    };
    return { dry_run: body.dry_run, committed: false, rows: [header], counts: countsOf([header]) };
  }
  const report = await ctx.db.transaction().execute(async (trx) => {
    const stored = await storedOfferings(trx, caller.accountId);
    const plans: Plan[] = [];
    for (const row of parsed.rows) plans.push(await planRow(trx, caller.accountId, row, stored));
    const rows = plans.map((plan) => plan.row);
    const failed = plans.some((plan) => plan.kind === 'error');
    const commit = !body.dry_run && (!failed || body.partial);
    let written = 0;
    if (commit) {
      for (const plan of plans) {
        if (plan.kind === 'created') await insertOffering(trx, caller.accountId, plan.values);
        if (plan.kind === 'updated') await updateOfferingRow(trx, plan.id, plan.values);
        if (plan.kind === 'created' || plan.kind === 'updated') written += 1;
      }
    }
    return { dry_run: body.dry_run, committed: commit, rows, counts: countsOf(rows), written };
  });
  // Prices changed: the market comparison is refreshed as after any other offering write.
  if (report.written > 0) scheduleMarketRefresh(ctx.db, ctx.log);
  const { written: _written, ...response } = report;
  return response;
};
