import type { AgentPermission } from '@dc/crypto';
import type { z } from 'zod';

/** HTTP methods the API uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call an operation:
 * - `public`: anyone; a signature, if sent, is ignored.
 * - `optional`: anyone; a valid signature or token identifies the caller (e.g. to show shared
 *   offerings to their allow-list).
 * - `signed`: a valid signature by any key, registered or not (registration itself).
 * - `account`, `provider`, `admin`: a registered account; a provider profile; the admin flag.
 * - `agent`: a provider's delegated agent key.
 */
export type AuthRole =
  | 'public'
  | 'optional'
  | 'signed'
  | 'account'
  | 'provider'
  | 'admin'
  | 'agent';

/** What an API token must be scoped for to call an operation (signatures are not scoped). */
export type TokenScope = 'read' | 'rent' | 'provider' | 'agent';

/** The schema shapes an operation may declare. */
export type ObjectSchema = z.ZodObject;

/**
 * One API operation as data: the server mounts and validates with it, the client calls and
 * parses with it, and the OpenAPI document is generated from it. Nothing else describes a route.
 */
export interface Operation<
  P extends ObjectSchema | undefined = ObjectSchema | undefined,
  Q extends ObjectSchema | undefined = ObjectSchema | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  R extends z.ZodType = z.ZodType,
> {
  /** camelCase name; also the client function's name and the OpenAPI `operationId`. */
  readonly id: string;
  readonly method: HttpMethod;
  /** Path template with `{name}` placeholders, e.g. `/v1/offerings/{id}`. */
  readonly path: string;
  readonly auth: AuthRole;
  /** Scope an API token needs; `undefined` for operations tokens may not call. */
  readonly scope: TokenScope | undefined;
  /** `agent` operations: the delegation permission the agent key needs. */
  readonly permission?: AgentPermission;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly response: R;
  /** 200, 201 (created) or 204 (no content, `response` is `z.void()`). */
  readonly status: 200 | 201 | 204;
  /** Media type of the response body when it is not JSON (CSV export, PDF download). */
  readonly responseType?: 'text/csv' | 'application/pdf';
  /** Safe to retry after a timeout or 5xx: the client retries only these. */
  readonly idempotent: boolean;
}

type Spec<P, Q, B, R> = {
  readonly method: HttpMethod;
  readonly path: string;
  readonly auth: AuthRole;
  readonly scope?: TokenScope;
  readonly permission?: AgentPermission;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  readonly response: R;
  readonly status?: 200 | 201 | 204;
  readonly responseType?: 'text/csv' | 'application/pdf';
  readonly idempotent?: boolean;
};

/**
 * Declares an operation. `idempotent` defaults to true for GET, PUT and DELETE, which the API
 * implements as idempotent, and false otherwise.
 */
export function defineOperation<
  const Id extends string,
  P extends ObjectSchema | undefined = undefined,
  Q extends ObjectSchema | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType = z.ZodType,
>(id: Id, spec: Spec<P, Q, B, R>): Operation<P, Q, B, R> & { readonly id: Id } {
  return Object.freeze({
    id,
    method: spec.method,
    path: spec.path,
    auth: spec.auth,
    scope: spec.scope,
    ...(spec.permission === undefined ? {} : { permission: spec.permission }),
    summary: spec.summary,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    tag: spec.tag,
    params: spec.params as P,
    query: spec.query as Q,
    body: spec.body as B,
    response: spec.response,
    status: spec.status ?? 200,
    ...(spec.responseType === undefined ? {} : { responseType: spec.responseType }),
    idempotent: spec.idempotent ?? ['GET', 'PUT', 'DELETE'].includes(spec.method),
  });
}

type Out<S> = S extends z.ZodType ? z.output<S> : Record<never, never>;
type In<S> = S extends z.ZodType ? z.input<S> : Record<never, never>;

/** What a client passes: path parameters and query fields at the top level, the body as `body`. */
export type OperationParameters<O extends Operation> = In<O['params']> &
  In<O['query']> &
  (O['body'] extends z.ZodType ? { readonly body: z.input<O['body']> } : Record<never, never>);

/** What a client gets back (parsed by the response schema). */
export type OperationResult<O extends Operation> = z.output<O['response']>;

/** What a server handler receives after validation. */
export interface OperationInput<O extends Operation> {
  readonly params: Out<O['params']>;
  readonly query: Out<O['query']>;
  readonly body: O['body'] extends z.ZodType ? z.output<O['body']> : undefined;
}
