import { formatMoney, money } from '@dc/pricing';

/** `12.30 EUR` from minor units, with the currency's own number of decimals. */
export function showMoney(amount: bigint, currency: string): string {
  return `${formatMoney(money(amount, currency))} ${currency}`;
}

/** `19 %`, `25.5 %`, `8.1 %` from basis points, exactly (never through a float). */
export function showRate(bps: number): string {
  const whole = Math.trunc(bps / 100);
  const cents = bps % 100;
  if (cents === 0) return `${whole} %`;
  return `${whole}.${String(cents).padStart(2, '0').replace(/0$/, '')} %`;
}

/** `2026-03-01` (UTC). */
export function showDate(value: Date | string): string {
  return new Date(value).toISOString().slice(0, 10);
}
