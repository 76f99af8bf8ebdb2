import type { operations } from '@dc/client';
import type { Handler } from '../../http/mount';
import { HttpProblem } from '../../http/problem';
import { loadProviderSummary } from '../../providers/summary';

/** `GET /v1/providers/{username}`: the public summary; 404 for an account that is no provider. */
export const getProvider: Handler<typeof operations.getProvider> = async ({ params }, ctx) => {
  const summary = await loadProviderSummary(ctx.db, { username: params.username });
  if (!summary) {
    throw new HttpProblem(404, 'not_found', `No provider is named "${params.username}".`);
  }
  return summary;
};
