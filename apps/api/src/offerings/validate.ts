import { type FieldIssue, fieldIssues, type OfferingValues } from '@dc/client';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../db/schema';
import { livePools } from '../providers/live-pools';
import { provisionerConfigSchema } from './provisioner-config';

const at = (root: string, field: string) => (root ? `${root}.${field}` : field);

/** Config issues located on the offending key, so a misspelt setting is named where it is. */
function configIssues(
  issues: readonly z.core.$ZodIssue[],
  kind: string,
  root: string,
): FieldIssue[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          path: at(root, ['provisioner_config', ...issue.path.map(String), key].join('.')),
          message: `not a per-offering setting of the ${kind} provisioner`,
        }))
      : fieldIssues([issue], at(root, 'provisioner_config')),
  );
}

/**
 * The checks of an offering that need the database, run after `OfferingInput` accepted it:
 * - `pool_id` names one of the provider's own pools, and that pool runs the offering's
 *   `provisioner` kind; a published offering served by agents (any kind but `manual`) has one;
 * - `provisioner_config` matches the provisioner's per-offering schema (built-in kinds);
 * - every `allowed_accounts` username is a registered account.
 *
 * Returns every problem at once (empty when the offering is good), with paths under `root`
 * (`body` for the JSON routes, `''` for bare field names such as a CSV column). Slug
 * uniqueness is not here: it is a conflict (409), not a validation error.
 */
export async function validateOfferingForProvider(
  db: Kysely<Database>,
  providerId: string,
  values: OfferingValues,
  root = 'body',
): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];

  if (values.pool_id === null && values.provisioner !== 'manual' && !values.draft) {
    // Jobs go to the agents of the offering's pool: without one, nobody would ever build it.
    issues.push({
      path: at(root, 'pool_id'),
      message:
        `a published offering of the ${values.provisioner} provisioner needs the pool whose ` +
        'agents build it; create one with POST /v1/provider/pools, or keep it a draft',
    });
  }

  if (values.pool_id !== null) {
    const pool = await livePools(db)
      .select(['name', 'provisioner_kinds'])
      .where('id', '=', values.pool_id)
      .where('provider_id', '=', providerId)
      .executeTakeFirst();
    if (!pool) {
      issues.push({
        path: at(root, 'pool_id'),
        message: `you have no pool ${values.pool_id}; list yours with GET /v1/provider/pools`,
      });
    } else if (!pool.provisioner_kinds.includes(values.provisioner)) {
      issues.push({
        path: at(root, 'provisioner'),
        message:
          `pool "${pool.name}" runs ${pool.provisioner_kinds.join(', ')}; pick one of these ` +
          `or add "${values.provisioner}" to the pool's provisioner_kinds`,
      });
    }
  }

  const configSchema = provisionerConfigSchema(values.provisioner);
  if (configSchema) {
    const result = configSchema.safeParse(values.provisioner_config);
    if (!result.success)
      issues.push(...configIssues(result.error.issues, values.provisioner, root));
  }

  const wanted = [...new Set(values.allowed_accounts)];
  if (wanted.length > 0) {
    const found = await db
      .selectFrom('accounts')
      .select('username')
      .where('username', 'in', wanted)
      .execute();
    const known = new Set(found.map((row) => row.username));
    const unknown = wanted.filter((name) => !known.has(name));
    if (unknown.length > 0) {
      issues.push({
        path: at(root, 'allowed_accounts'),
        message: `no account named ${unknown.map((name) => `"${name}"`).join(', ')}`,
      });
    }
  }
  return issues;
}
