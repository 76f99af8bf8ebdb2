// Handlers of the offerings operations; one file per operation.
export {};
