export { getBillingSettings } from './get-billing-settings';
export { putBillingSettings } from './put-billing-settings';
export { validateVatNumber } from './validate-vat-number';
