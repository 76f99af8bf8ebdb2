/** `12.30 USD` from minor units; the API's amounts are never re-derived here. */
export { formatAmount } from '@dc/client';

/** A date and time in the reader's locale. */
export function formatTime(iso: string | null): string {
  return iso === null ? '—' : new Date(iso).toLocaleString();
}
