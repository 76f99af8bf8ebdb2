import type { OperationParameters, OperationResult } from '../operations/define';
import * as ops from '../operations/offerings';
import { action } from './define-action';

/** Search listed offerings with the search DSL. `GET /v1/offerings` */
export const searchOfferings = action(ops.searchOfferings);
export type SearchOfferingsParameters = OperationParameters<typeof ops.searchOfferings>;
export type SearchOfferingsReturnType = OperationResult<typeof ops.searchOfferings>;

/** One offering with its provider summary and market price comparison. `GET /v1/offerings/{id}` */
export const getOffering = action(ops.getOffering);
export type GetOfferingParameters = OperationParameters<typeof ops.getOffering>;
export type GetOfferingReturnType = OperationResult<typeof ops.getOffering>;

/** The caller's offerings, drafts included. `GET /v1/provider/offerings` */
export const listMyOfferings = action(ops.listMyOfferings);
export type ListMyOfferingsParameters = OperationParameters<typeof ops.listMyOfferings>;
export type ListMyOfferingsReturnType = OperationResult<typeof ops.listMyOfferings>;

/** Create an offering (a draft unless `draft: false`). `POST /v1/provider/offerings` */
export const createOffering = action(ops.createOffering);
export type CreateOfferingParameters = OperationParameters<typeof ops.createOffering>;
export type CreateOfferingReturnType = OperationResult<typeof ops.createOffering>;

/** Change fields of an offering; the result is validated whole. `PATCH /v1/provider/offerings/{id}` */
export const updateOffering = action(ops.updateOffering);
export type UpdateOfferingParameters = OperationParameters<typeof ops.updateOffering>;
export type UpdateOfferingReturnType = OperationResult<typeof ops.updateOffering>;

/** Delete an offering (contracts keep their snapshot of it). `DELETE /v1/provider/offerings/{id}` */
export const deleteOffering = action(ops.deleteOffering);
export type DeleteOfferingParameters = OperationParameters<typeof ops.deleteOffering>;
export type DeleteOfferingReturnType = OperationResult<typeof ops.deleteOffering>;

/** Copy an offering under a new slug, as a draft. `POST /v1/provider/offerings/{id}/duplicate` */
export const duplicateOffering = action(ops.duplicateOffering);
export type DuplicateOfferingParameters = OperationParameters<typeof ops.duplicateOffering>;
export type DuplicateOfferingReturnType = OperationResult<typeof ops.duplicateOffering>;

/** All of the caller's offerings as CSV, one row each, every field. `GET /v1/provider/offerings/export.csv` */
export const exportOfferingsCsv = action(ops.exportOfferingsCsv);
export type ExportOfferingsCsvParameters = OperationParameters<typeof ops.exportOfferingsCsv>;
export type ExportOfferingsCsvReturnType = OperationResult<typeof ops.exportOfferingsCsv>;

/** Create or update offerings from CSV; preview with `dry_run` (the default). `POST /v1/provider/offerings/import` */
export const importOfferingsCsv = action(ops.importOfferingsCsv);
export type ImportOfferingsCsvParameters = OperationParameters<typeof ops.importOfferingsCsv>;
export type ImportOfferingsCsvReturnType = OperationResult<typeof ops.importOfferingsCsv>;
