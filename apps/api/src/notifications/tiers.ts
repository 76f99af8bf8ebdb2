/** A paid tier of extra daily quota (trust.md §5: paid tiers add quota, paid from the wallet). */
export interface TierDefinition {
  readonly tier: string;
  /** Extra sends per UTC day while the tier runs, per channel. */
  readonly adds: { readonly telegram: number; readonly webhook: number };
  /** How long one purchase runs from the moment it is bought. */
  readonly days: number;
  /** Price in minor units, by currency; a tier is sold only in these currencies. */
  readonly prices: Readonly<Record<string, number>>;
}

/** What can be bought. Purchases stack: two running tiers add both their quotas. */
export const TIERS: readonly TierDefinition[] = [
  {
    tier: 'plus',
    adds: { telegram: 450, webhook: 1_800 },
    days: 30,
    prices: { USD: 500, EUR: 500 },
  },
  {
    tier: 'pro',
    adds: { telegram: 4_950, webhook: 19_800 },
    days: 30,
    prices: { USD: 2_000, EUR: 2_000 },
  },
];

/** The tier named `name`, or undefined. */
export function tierNamed(name: string): TierDefinition | undefined {
  return TIERS.find((tier) => tier.tier === name);
}
