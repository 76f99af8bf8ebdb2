import type { operations } from '@dc/client';
import { CryptoError, verifyDelegation } from '@dc/crypto';
import { nodeVerifySignature } from '@dc/crypto/node';
import { delegationToResponse } from '../../agents/agent-view';
import type { Handler } from '../../http/mount';
import { conflict, HttpProblem } from '../../http/problem';
import { livePools } from '../../providers/live-pools';

const invalid = (code: string, detail: string, path = 'body.certificate') =>
  new HttpProblem(422, code, detail, { errors: [{ path, message: detail }] });

/**
 * `POST /v1/agent/delegations`: an offline delegation certificate (`signDelegation` of
 * `@dc/crypto`), presented by the agent key it names. The signature, validity period and
 * signer are checked: the signer must be an active key of a provider account that owns the
 * pool. A key already delegated by another provider is refused (keys never move); the same
 * provider may present a newer certificate for its agent (renewal). The certificate is kept as
 * evidence.
 */
export const submitDelegation: Handler<typeof operations.submitDelegation> = async (
  { body },
  ctx,
) => {
  const caller = ctx.caller;
  if (caller?.kind === 'account') {
    throw conflict(
      'key_is_account_key',
      'This key belongs to an account; agents sign with their own key.',
    );
  }
  const signer =
    caller?.kind === 'agent'
      ? caller.agentKey
      : caller?.kind === 'key'
        ? caller.publicKey
        : undefined;
  if (signer === undefined) {
    throw new HttpProblem(401, 'authentication_required', 'Sign the request with the agent key.');
  }
  const now = ctx.services.now();
  let certificate: ReturnType<typeof verifyDelegation>;
  try {
    certificate = verifyDelegation(body.certificate, {
      now: now.getTime(),
      verify: nodeVerifySignature,
    });
  } catch (error) {
    if (!(error instanceof CryptoError)) throw error;
    throw invalid(`delegation_${error.code}`, `The certificate was refused: ${error.message}.`);
  }
  if (certificate.agentPublicKey !== signer) {
    throw invalid(
      'agent_key_mismatch',
      'The certificate names another agent key; present it signed by that key.',
      'body.certificate.agentPublicKey',
    );
  }
  const row = await ctx.db.transaction().execute(async (trx) => {
    const provider = await trx
      .selectFrom('account_keys as k')
      .innerJoin('providers as p', 'p.account_id', 'k.account_id')
      .innerJoin(livePools(trx).select(['id', 'provider_id', 'region']).as('pl'), (join) =>
        join.onRef('pl.provider_id', '=', 'p.account_id'),
      )
      .select(['p.account_id as provider_id', 'pl.region'])
      .where('k.public_key', '=', certificate.providerPublicKey)
      .where('k.revoked_at', 'is', null)
      .where('pl.id', '=', certificate.poolId)
      .executeTakeFirst();
    if (!provider) {
      throw new HttpProblem(
        403,
        'delegation_signer_unknown',
        'The certificate is not signed by an active key of a provider that owns the pool.',
        {
          errors: [
            {
              path: 'body.certificate.providerPublicKey',
              message: 'no such provider key for this pool',
            },
          ],
        },
      );
    }
    const existing = await trx
      .selectFrom('agents')
      .select(['provider_id'])
      .where('agent_pubkey', '=', signer)
      .forUpdate()
      .executeTakeFirst();
    if (existing && existing.provider_id !== provider.provider_id) {
      throw conflict(
        'agent_key_registered',
        'This key holds a delegation of another provider; keys never move between providers.',
      );
    }
    const serialTaken = await trx
      .selectFrom('agents')
      .select('agent_pubkey')
      .where('provider_id', '=', provider.provider_id)
      .where('serial', '=', certificate.serial)
      .where('agent_pubkey', '<>', signer)
      .executeTakeFirst();
    if (serialTaken) {
      throw conflict(
        'delegation_serial_used',
        `Serial "${certificate.serial}" already names another agent of this provider; use a new serial.`,
      );
    }
    const values = {
      pool_id: certificate.poolId,
      permissions: [...certificate.permissions],
      not_before: new Date(certificate.notBefore),
      not_after: new Date(certificate.notAfter),
      serial: certificate.serial,
      source: 'certificate' as const,
      setup_token_id: null,
      evidence: JSON.stringify({ certificate }),
      updated_at: now,
    };
    if (existing) {
      return trx
        .updateTable('agents')
        .set(values)
        .where('agent_pubkey', '=', signer)
        .returningAll()
        .executeTakeFirstOrThrow();
    }
    return trx
      .insertInto('agents')
      .values({
        ...values,
        agent_pubkey: signer,
        provider_id: provider.provider_id,
        region: provider.region,
        revoked_at: null,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  return delegationToResponse(row);
};
