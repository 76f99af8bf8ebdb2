import { addKeyProofMessage, type operations } from '@dc/client';
import { nodeVerifySignature } from '@dc/crypto/node';
import { accountCaller, requireSignature } from '../../accounts/caller';
import { ACCOUNT_KEY_COLUMNS, accountKeyView } from '../../accounts/key-view';
import { lockAccount } from '../../accounts/lock';
import type { Handler } from '../../http/mount';
import { conflict, HttpProblem } from '../../http/problem';

/** Active keys an account may hold; revoked keys do not count. */
export const MAX_ACTIVE_KEYS = 10;

/**
 * `POST /v1/me/keys`. The new key proves possession by signing `addKeyProofMessage(accountId)`:
 * the message names this account, so a proof made for one account cannot add the key to
 * another. A key any account already holds (this one included, even revoked) is refused: keys
 * never move between accounts and a revoked key stays revoked.
 */
export const addKey: Handler<typeof operations.addKey> = async ({ body }, ctx) => {
  const caller = accountCaller(ctx);
  requireSignature(caller, 'Adding a key');
  const proofValid = nodeVerifySignature(
    Buffer.from(body.proof, 'hex'),
    new TextEncoder().encode(addKeyProofMessage(caller.accountId)),
    Buffer.from(body.public_key, 'hex'),
  );
  if (!proofValid) {
    throw new HttpProblem(
      422,
      'invalid_proof',
      'The proof is not a signature by public_key over addKeyProofMessage(<your account id>) from @dc/client.',
      {
        errors: [
          {
            path: 'body.proof',
            message: 'is not a valid signature of the new key over the proof message',
          },
        ],
      },
    );
  }
  const now = ctx.services.now();
  const row = await ctx.db.transaction().execute(async (trx) => {
    // Locking the account row serialises concurrent additions, so the limit holds.
    await lockAccount(trx, caller.accountId);
    const existing = await trx
      .selectFrom('account_keys')
      .select(['account_id', 'revoked_at'])
      .where('public_key', '=', body.public_key)
      .executeTakeFirst();
    if (existing && existing.account_id !== caller.accountId) {
      throw conflict(
        'key_already_registered',
        'Another account holds this key; generate a new key.',
      );
    }
    if (existing) {
      throw conflict(
        'key_already_added',
        existing.revoked_at === null
          ? 'This key is already one of your keys.'
          : 'This key was revoked and cannot be added again; generate a new key.',
      );
    }
    const { active } = await trx
      .selectFrom('account_keys')
      .select((eb) => eb.fn.countAll<string>().as('active'))
      .where('account_id', '=', caller.accountId)
      .where('revoked_at', 'is', null)
      .executeTakeFirstOrThrow();
    if (Number(active) >= MAX_ACTIVE_KEYS) {
      throw conflict(
        'too_many_keys',
        `An account holds at most ${MAX_ACTIVE_KEYS} active keys; revoke one first.`,
      );
    }
    return (
      trx
        .insertInto('account_keys')
        .values({
          public_key: body.public_key,
          account_id: caller.accountId,
          label: body.label ?? null,
          created_at: now,
          revoked_at: null,
          last_used_at: null,
        })
        // A concurrent registration of the same key by another account loses here, not with a 500.
        .onConflict((oc) => oc.column('public_key').doNothing())
        .returning(ACCOUNT_KEY_COLUMNS)
        .executeTakeFirst()
    );
  });
  if (!row)
    throw conflict('key_already_registered', 'Another account holds this key; generate a new key.');
  return accountKeyView(row);
};
