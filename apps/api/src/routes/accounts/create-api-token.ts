import { type operations, TOKEN_SCOPES, type TokenScope } from '@dc/client';
import { accountCaller, requireSignature } from '../../accounts/caller';
import { API_TOKEN_COLUMNS, apiTokenView } from '../../accounts/token-view';
import { mintApiToken } from '../../auth/api-token';
import type { AccountCaller } from '../../auth/caller';
import type { Handler } from '../../http/mount';
import { HttpProblem } from '../../http/problem';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Why the caller may not grant `scope`, or `undefined` when it may. */
function scopeRefusal(scope: TokenScope, caller: AccountCaller): string | undefined {
  // `provider` and `agent` act for a provider; an account that is none has nothing to delegate.
  if ((scope === 'provider' || scope === 'agent') && !caller.isProvider) {
    return `the "${scope}" scope needs a provider account; create a provider profile first (PUT /v1/provider/profile)`;
  }
  return undefined;
}

/**
 * `POST /v1/me/tokens`. Only a signed request may mint (a token cannot mint another, so a
 * leaked token cannot entrench itself), and a token never grants more than its creator: each
 * requested scope is checked against what the account may do (403 `scope_not_allowed`).
 * The secret is in this answer only; the database keeps its SHA-256.
 */
export const createApiToken: Handler<typeof operations.createApiToken> = async ({ body }, ctx) => {
  const caller = accountCaller(ctx);
  requireSignature(caller, 'Minting an API token');
  const refused = body.scopes.flatMap((scope, index) => {
    const reason = scopeRefusal(scope, caller);
    return reason === undefined ? [] : [{ path: `body.scopes.${index}`, message: reason }];
  });
  if (refused.length > 0) {
    throw new HttpProblem(
      403,
      'scope_not_allowed',
      `A token cannot grant more than its creator: ${refused.map((r) => r.message).join('; ')}.`,
      {
        errors: refused,
      },
    );
  }
  // Stored in the canonical order without duplicates, so lists read the same however asked.
  const scopes = TOKEN_SCOPES.filter((scope) => body.scopes.includes(scope));
  const now = ctx.services.now();
  const { token, hash, prefix } = mintApiToken();
  const row = await ctx.db
    .insertInto('api_tokens')
    .values({
      account_id: caller.accountId,
      name: body.name,
      prefix,
      token_hash: hash,
      scopes,
      created_at: now,
      expires_at: new Date(now.getTime() + body.expires_in_days * DAY_MS),
      revoked_at: null,
      last_used_at: null,
    })
    .returning(API_TOKEN_COLUMNS)
    .executeTakeFirstOrThrow();
  return { ...apiTokenView(row), token };
};
