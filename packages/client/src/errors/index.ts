export * from './api';
export * from './base';
export * from './transport';
