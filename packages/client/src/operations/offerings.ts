import { z } from 'zod';
import { Id, PageQuery } from '../schemas/common';
import { Offering, OfferingInput, OfferingPatch } from '../schemas/offering';
import {
  DuplicateOfferingBody,
  ImportOfferingsBody,
  ImportOfferingsReport,
  OfferingDetail,
  OfferingPage,
  SearchOfferingsQuery,
} from '../schemas/offering-api';
import { defineOperation } from './define';

const tag = 'offerings';
const byId = z.object({ id: Id });

export const searchOfferings = defineOperation('searchOfferings', {
  method: 'GET',
  path: '/v1/offerings',
  auth: 'optional',
  scope: 'read',
  tag,
  summary: 'Search listed offerings with the search DSL',
  description:
    'Example: `type:(gpu OR compute) price:[50 TO 500] cores:>=8 !stock:out_of_stock`. ' +
    'A syntax error, unknown field or type mismatch is a 400 naming the field and position.',
  query: SearchOfferingsQuery,
  response: OfferingPage,
});

export const getOffering = defineOperation('getOffering', {
  method: 'GET',
  path: '/v1/offerings/{id}',
  auth: 'optional',
  scope: 'read',
  tag,
  summary: 'One offering with its provider summary and market price comparison',
  params: byId,
  response: OfferingDetail,
});

export const listMyOfferings = defineOperation('listMyOfferings', {
  method: 'GET',
  path: '/v1/provider/offerings',
  auth: 'provider',
  scope: 'read',
  tag,
  summary: "The caller's offerings, drafts included",
  query: PageQuery,
  response: OfferingPage,
});

export const createOffering = defineOperation('createOffering', {
  method: 'POST',
  path: '/v1/provider/offerings',
  auth: 'provider',
  scope: 'provider',
  tag,
  summary: 'Create an offering (a draft unless `draft: false`)',
  body: OfferingInput,
  response: Offering,
  status: 201,
});

export const updateOffering = defineOperation('updateOffering', {
  method: 'PATCH',
  path: '/v1/provider/offerings/{id}',
  auth: 'provider',
  scope: 'provider',
  tag,
  summary: 'Change fields of an offering; the result is validated whole',
  params: byId,
  body: OfferingPatch,
  response: Offering,
});

export const deleteOffering = defineOperation('deleteOffering', {
  method: 'DELETE',
  path: '/v1/provider/offerings/{id}',
  auth: 'provider',
  scope: 'provider',
  tag,
  summary: 'Delete an offering (contracts keep their snapshot of it)',
  params: byId,
  response: z.void(),
  status: 204,
});

export const duplicateOffering = defineOperation('duplicateOffering', {
  method: 'POST',
  path: '/v1/provider/offerings/{id}/duplicate',
  auth: 'provider',
  scope: 'provider',
  tag,
  summary: 'Copy an offering under a new slug, as a draft',
  params: byId,
  body: DuplicateOfferingBody,
  response: Offering,
  status: 201,
});

export const exportOfferingsCsv = defineOperation('exportOfferingsCsv', {
  method: 'GET',
  path: '/v1/provider/offerings/export.csv',
  auth: 'provider',
  scope: 'read',
  tag,
  summary: "All of the caller's offerings as CSV, one row each, every field",
  response: z.string(),
  responseType: 'text/csv',
});

export const importOfferingsCsv = defineOperation('importOfferingsCsv', {
  method: 'POST',
  path: '/v1/provider/offerings/import',
  auth: 'provider',
  scope: 'provider',
  tag,
  summary: 'Create or update offerings from CSV; preview with `dry_run` (the default)',
  body: ImportOfferingsBody,
  response: ImportOfferingsReport,
});
