import type { OfferingValues } from '../schemas/offering';
import { OFFERING_CSV_COLUMNS, type OfferingCsvColumn } from './columns';

/** JSON with object keys sorted: jsonb does not keep key order, so compare without it. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : 1)))
      : inner,
  );
}

/** The allow-list is a set (stored sorted, without duplicates): order and repeats do not count. */
const asSet = (names: readonly string[]) => canonicalJson([...new Set(names)].sort());

/**
 * The fields whose value differs between a stored offering and the values an import would write
 * over it, in column order; empty when the import changes nothing. Values are compared as
 * stored: key order inside `provisioner_config` and the order or repeats of `allowed_accounts`
 * are not differences.
 */
export function changedOfferingFields(
  stored: OfferingValues,
  values: OfferingValues,
): OfferingCsvColumn[] {
  return OFFERING_CSV_COLUMNS.filter((column) =>
    column === 'allowed_accounts'
      ? asSet(stored.allowed_accounts) !== asSet(values.allowed_accounts)
      : canonicalJson(stored[column]) !== canonicalJson(values[column]),
  );
}
