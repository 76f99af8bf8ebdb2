import {
  BillingSettings,
  BillingSettingsInput,
  ValidateVatBody,
  VatValidation,
} from '../schemas/billing';
import { defineOperation } from './define';

const tag = 'billing';

export const getBillingSettings = defineOperation('getBillingSettings', {
  method: 'GET',
  path: '/v1/billing-settings',
  auth: 'account',
  scope: 'read',
  tag,
  summary: "The caller's billing settings (404 until saved)",
  response: BillingSettings,
});

export const putBillingSettings = defineOperation('putBillingSettings', {
  method: 'PUT',
  path: '/v1/billing-settings',
  auth: 'account',
  scope: 'rent',
  tag,
  summary: 'Save who invoices are made out to; an EU VAT id is checked in VIES',
  description:
    'A VAT id VIES calls invalid is refused (422 naming body.vat_id). When VIES cannot answer, ' +
    'the settings are saved with vat_id_status "unverified" and VAT is charged until a later ' +
    'check (POST /v1/vat/validate) confirms the number. Invoices already issued never change.',
  body: BillingSettingsInput,
  response: BillingSettings,
});

export const validateVatNumber = defineOperation('validateVatNumber', {
  method: 'POST',
  path: '/v1/vat/validate',
  auth: 'account',
  scope: 'read',
  tag,
  summary: 'Check an EU VAT number in VIES (answers are cached for 24 h)',
  description:
    '503 vies_unavailable names the VIES error (MS_UNAVAILABLE, TIMEOUT, ...) when VIES cannot ' +
    'answer; retry later.',
  body: ValidateVatBody,
  response: VatValidation,
});
