// Handlers of the offerings operations; one file per operation.
export { createOffering } from './create-offering';
export { deleteOffering } from './delete-offering';
export { duplicateOffering } from './duplicate-offering';
export { exportOfferingsCsv } from './export-offerings-csv';
export { getOffering } from './get-offering';
export { importOfferingsCsv } from './import-offerings-csv';
export { listMyOfferings } from './list-my-offerings';
export { searchOfferings } from './search-offerings';
export { updateOffering } from './update-offering';
