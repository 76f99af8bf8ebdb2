/**
 * `@dc/client`: the typed Decent Cloud API client. One function per operation
 * (`getOffering(client, { id })`), the zod schemas the server validates with, the search DSL,
 * typed errors mapped from RFC 9457 problem documents, request signing and API tokens.
 *
 * @packageDocumentation
 */

export * from './actions/index';
export { formatAmount } from './amount';
export { type ClientAuth, type KeyAuthOptions, keyAuth, tokenAuth } from './auth';
export { type CallOptions, callOperation, operationUrl } from './call';
export { type Client, type ClientOptions, createClient } from './client';
export * from './csv/index';
export * from './errors/index';
export * from './operations/index';
export { paginate } from './paginate';
export * from './schemas/index';
export * from './search/index';
export { fieldIssues, formatIssues } from './validation';
