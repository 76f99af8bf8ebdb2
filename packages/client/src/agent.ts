/**
 * `@dc/client/agent`: the part of the client a provider agent (`dc-agent`) uses — the client
 * itself, request signing, typed errors, the agent operations and their schemas — without the
 * schemas and operations of the rest of the API. A long-running agent loads a fraction of the
 * code and memory of `@dc/client`; everything here is also exported by `@dc/client`, and in ESM
 * both entries share one copy of each module (so `instanceof` checks agree between them).
 *
 * @packageDocumentation
 */
export * from './actions/agent';
export { type ClientAuth, type KeyAuthOptions, keyAuth, tokenAuth } from './auth';
export { type CallOptions, callOperation, operationUrl } from './call';
export { type Client, type ClientOptions, createClient } from './client';
export * from './errors/index';
export type { Operation, OperationParameters, OperationResult } from './operations/define';
export * from './schemas/agent';
export { Health } from './schemas/health';
export { Problem } from './schemas/problem';
export { REGIONS, type Region } from './schemas/regions';
export { fieldIssues, formatIssues } from './validation';
