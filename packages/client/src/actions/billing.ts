import * as ops from '../operations/billing';
import type { OperationParameters, OperationResult } from '../operations/define';
import { action } from './define-action';

/** The caller's billing settings. `GET /v1/billing-settings` */
export const getBillingSettings = action(ops.getBillingSettings);
export type GetBillingSettingsParameters = OperationParameters<typeof ops.getBillingSettings>;
export type GetBillingSettingsReturnType = OperationResult<typeof ops.getBillingSettings>;

/** Save the caller's billing settings. `PUT /v1/billing-settings` */
export const putBillingSettings = action(ops.putBillingSettings);
export type PutBillingSettingsParameters = OperationParameters<typeof ops.putBillingSettings>;
export type PutBillingSettingsReturnType = OperationResult<typeof ops.putBillingSettings>;

/** Check an EU VAT number in VIES (cached 24 h). `POST /v1/vat/validate` */
export const validateVatNumber = action(ops.validateVatNumber);
export type ValidateVatNumberParameters = OperationParameters<typeof ops.validateVatNumber>;
export type ValidateVatNumberReturnType = OperationResult<typeof ops.validateVatNumber>;
