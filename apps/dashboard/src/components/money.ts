import { formatMoney, money } from '@dc/pricing';

/** `12.30 USD` from minor units; the API's amounts are never re-derived here. */
export function formatAmount(minor: number, currency: string): string {
  return `${formatMoney(money(BigInt(minor), currency))} ${currency}`;
}

/** A date and time in the reader's locale. */
export function formatTime(iso: string | null): string {
  return iso === null ? '—' : new Date(iso).toLocaleString();
}
