import type { Operation, TokenScope } from '@dc/client';
import { type ReplayGuard, verifyRequest } from '@dc/crypto';
import { nodeVerifySignature } from '@dc/crypto/node';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { HttpProblem } from '../http/problem';
import { agentOfKey } from './agent-caller';
import { hashApiToken, looksLikeApiToken } from './api-token';
import type { AccountCaller, Caller, SignedRequestEvidence } from './caller';

/** The parts of an incoming request authentication looks at. */
export interface IncomingRequest {
  readonly method: string;
  /** Path and query exactly as on the request line. */
  readonly pathAndQuery: string;
  readonly headers: Headers;
  readonly body: Uint8Array | undefined;
}

/** What authentication needs from the server. */
export interface AuthDependencies {
  readonly db: Kysely<Database>;
  readonly replayGuard: ReplayGuard;
  readonly windowMs: number;
  readonly adminUsernames: readonly string[];
  readonly now: () => number;
}

const unauthorized = (code: string, detail: string) => new HttpProblem(401, code, detail);

async function accountOfKey(
  deps: AuthDependencies,
  publicKey: string,
): Promise<AccountCaller | undefined> {
  const row = await deps.db
    .selectFrom('account_keys as k')
    .innerJoin('accounts as a', 'a.id', 'k.account_id')
    .leftJoin('providers as p', 'p.account_id', 'a.id')
    .select(['a.id', 'a.username', 'a.is_admin', 'k.revoked_at', 'p.account_id as provider'])
    .where('k.public_key', '=', publicKey)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.revoked_at !== null) {
    throw unauthorized(
      'key_revoked',
      'This key was revoked; sign with another key of the account.',
    );
  }
  return {
    kind: 'account',
    accountId: row.id,
    username: row.username,
    isAdmin: row.is_admin || deps.adminUsernames.includes(row.username),
    isProvider: row.provider !== null,
    via: 'key',
    publicKey,
  };
}

async function authenticateToken(deps: AuthDependencies, token: string): Promise<AccountCaller> {
  if (!looksLikeApiToken(token)) {
    throw unauthorized(
      'invalid_token',
      'The bearer token is not a Decent Cloud API token (dct_...).',
    );
  }
  const row = await deps.db
    .selectFrom('api_tokens as t')
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .leftJoin('providers as p', 'p.account_id', 'a.id')
    .select([
      't.id',
      't.scopes',
      't.expires_at',
      't.revoked_at',
      'a.id as account_id',
      'a.username',
      'a.is_admin',
      'p.account_id as provider',
    ])
    .where('t.token_hash', '=', hashApiToken(token))
    .executeTakeFirst();
  if (!row) throw unauthorized('invalid_token', 'Unknown API token.');
  if (row.revoked_at !== null) throw unauthorized('token_revoked', 'This API token was revoked.');
  if (row.expires_at.getTime() <= deps.now()) {
    throw unauthorized('token_expired', 'This API token expired; mint a new one.');
  }
  return {
    kind: 'account',
    accountId: row.account_id,
    username: row.username,
    isAdmin: row.is_admin || deps.adminUsernames.includes(row.username),
    isProvider: row.provider !== null,
    via: 'token',
    tokenId: row.id,
    scopes: row.scopes as TokenScope[],
  };
}

async function authenticateSignature(
  deps: AuthDependencies,
  request: IncomingRequest,
): Promise<Caller> {
  const host = request.headers.get('host');
  if (!host)
    throw new HttpProblem(400, 'missing_host', 'The Host header is required for signed requests.');
  const verified = await verifyRequest({
    method: request.method,
    path: request.pathAndQuery,
    host,
    headers: request.headers,
    body: request.body,
    now: deps.now(),
    windowMs: deps.windowMs,
    replayGuard: deps.replayGuard,
    verify: nodeVerifySignature,
  });
  if (!verified.ok) throw new HttpProblem(verified.status, verified.code, verified.message);
  const account = await accountOfKey(deps, verified.publicKeyHex);
  if (account) return { ...account, signedRequest: evidenceOf(request, host) };
  return (
    (await agentOfKey(deps.db, verified.publicKeyHex, deps.now())) ?? {
      kind: 'key',
      publicKey: verified.publicKeyHex,
    }
  );
}

/** The request as signed, kept by routes that record what a provider authorised. */
function evidenceOf(request: IncomingRequest, host: string): SignedRequestEvidence {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    if (name.toLowerCase().startsWith('x-dc-')) headers[name.toLowerCase()] = value;
  });
  return {
    method: request.method,
    path: request.pathAndQuery,
    host,
    headers,
    body: Buffer.from(request.body ?? new Uint8Array()).toString('base64'),
  };
}

/**
 * Identifies the caller of a request: a bearer token, a signature, or nobody. A credential
 * that is present but wrong is always an error, never treated as anonymous.
 */
export async function authenticate(
  deps: AuthDependencies,
  request: IncomingRequest,
): Promise<Caller | undefined> {
  const authorization = request.headers.get('authorization');
  if (authorization !== null) {
    const match = /^Bearer (\S+)$/.exec(authorization);
    if (!match?.[1]) throw unauthorized('invalid_token', 'Authorization must be "Bearer <token>".');
    return authenticateToken(deps, match[1]);
  }
  if (request.headers.has('x-dc-key') || request.headers.has('x-dc-signature')) {
    return authenticateSignature(deps, request);
  }
  return undefined;
}

/**
 * Checks the caller against the operation's role and, for tokens, scope. Throws 401 when a
 * credential is needed and missing, 403 when the caller may not do this.
 */
export function authorize(op: Operation, caller: Caller | undefined): void {
  if (op.auth === 'public' || op.auth === 'optional') {
    if (caller?.kind === 'account' && caller.via === 'token') checkScope(op, caller);
    return;
  }
  if (!caller) {
    throw unauthorized(
      'authentication_required',
      'Sign the request with your key (X-DC-* headers) or send an API token.',
    );
  }
  if (op.auth === 'signed') {
    if (caller.kind === 'account' && caller.via === 'token') {
      throw new HttpProblem(
        403,
        'signature_required',
        'This operation needs a signed request, not a token.',
      );
    }
    return;
  }
  if (caller.kind === 'agent' || op.auth === 'agent') {
    authorizeAgent(op, caller);
    return;
  }
  if (caller.kind !== 'account') {
    throw unauthorized(
      'unknown_key',
      'No account holds this key; register it with POST /v1/accounts.',
    );
  }
  if (caller.via === 'token') checkScope(op, caller);
  if (op.auth === 'provider' && !caller.isProvider) {
    throw new HttpProblem(
      403,
      'not_a_provider',
      'Create a provider profile first (PUT /v1/provider/profile).',
    );
  }
  if (op.auth === 'admin' && !caller.isAdmin) {
    throw new HttpProblem(403, 'admin_only', 'Only platform administrators may do this.');
  }
}

/** Agent keys call agent operations only, each with the permission it declares. */
function authorizeAgent(op: Operation, caller: Caller): void {
  if (caller.kind === 'key') {
    throw unauthorized(
      'unknown_agent_key',
      'No delegation holds this key; register it with POST /v1/agent/register and a setup token.',
    );
  }
  if (caller.kind !== 'agent') {
    throw new HttpProblem(403, 'agent_only', 'Only a delegated agent key may call this.');
  }
  if (op.auth !== 'agent') {
    throw new HttpProblem(
      403,
      'agent_key_not_allowed',
      `An agent key may call agent operations only, not ${op.id}; sign with an account key.`,
    );
  }
  if (op.permission !== undefined && !caller.permissions.includes(op.permission)) {
    throw new HttpProblem(
      403,
      'permission_missing',
      `This agent's delegation does not grant "${op.permission}", which ${op.id} needs; ` +
        'the provider can issue a setup token with it.',
    );
  }
}

function checkScope(op: Operation, caller: AccountCaller): void {
  if (op.scope === undefined) {
    throw new HttpProblem(
      403,
      'signature_required',
      `${op.id} needs a signed request; API tokens cannot call it.`,
    );
  }
  if (!caller.scopes?.includes(op.scope)) {
    throw new HttpProblem(
      403,
      'insufficient_scope',
      `This API token lacks the "${op.scope}" scope needed for ${op.id}.`,
    );
  }
}
