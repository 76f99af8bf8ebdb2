export * from './accounts';
export * from './define-action';
export * from './health';
export * from './offerings';
export * from './providers';
