// Handlers of the providers operations; one file per operation.
export {};
