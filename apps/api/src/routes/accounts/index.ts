// Handlers of the accounts operations; one file per operation.
export {};
