export * from './accounts';
export * from './admin';
export * from './contracts';
export * from './define-action';
export * from './health';
export * from './offerings';
export * from './providers';
export * from './wallet';
