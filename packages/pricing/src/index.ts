/**
 * `@dc/pricing`: money in integer minor units for Decent Cloud. Prices, charges for hours,
 * prorated refunds, provider earnings, payouts, Stripe amounts and EU VAT, all in bigint
 * arithmetic with a stated rounding rule. Pure: no I/O, no clock, no dependencies.
 *
 * @packageDocumentation
 */

export { chargeForHours, HOURS_PER_MONTH } from './charge';
export { CURRENCIES, type CurrencyExponent, currencyExponent, isCurrency } from './currencies';
export { formatMoney, type ParseMoneyOptions, parseMoney } from './decimal';
export { type Settlement, type SettlementParameters, settlement } from './earnings';
export { PricingError, type PricingErrorCode } from './errors';
export {
  add,
  compare,
  isZero,
  type Money,
  max,
  min,
  money,
  subtract,
  sum,
  zero,
} from './money';
export { owed, type PayoutParameters, payable } from './payout';
export {
  type FullRefundParameters,
  fullRefund,
  type ProratedRefundParameters,
  proratedRefund,
  unconsumedValue,
} from './refund';
export { paidHours, paidTotal, type Segment, segmentFor } from './segment';
export {
  fromStripeAmount,
  roundDownForStripe,
  type StripePurpose,
  stripeExponent,
  stripeGranularity,
  toStripeAmount,
  toStripeCurrency,
} from './stripe-amount';
export { type TermClock, termEnd, usedMillis } from './term';
export {
  computeVat,
  isEuCountry,
  OUTSIDE_EU_NOTE,
  REVERSE_CHARGE_NOTE,
  type VatAmounts,
  type VatTreatment,
  type VatTreatmentParameters,
  vatTreatment,
} from './vat';
export { EU_VAT_RATES, type VatRateTable } from './vat-rates';
