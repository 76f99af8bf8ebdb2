export * from './account';
export * from './common';
export * from './health';
export * from './offering';
export * from './offering-api';
export * from './problem';
export * from './provider';
export * from './regions';
