import type { ProvisionerErrorCode } from '../../errors';
import type { DoError } from './wire';

function isDoError(body: unknown): body is DoError {
  return typeof body === 'object' && body !== null && typeof (body as DoError).id === 'string';
}

/**
 * Maps a DigitalOcean error answer to a `ProvisionerError` code, keeping the cloud's `id` as
 * `upstreamCode` and its message (which names the field at fault) in ours. 422 is split by
 * message: droplet limit → `quota_exceeded`, size/region not available → `capacity_unavailable`.
 */
export function classifyDigitalOceanError(
  status: number,
  body: unknown,
): { code: ProvisionerErrorCode; upstreamCode?: string; message?: string } | undefined {
  if (!isDoError(body)) return undefined;
  const base = { upstreamCode: body.id, message: body.message };
  const id = body.id.toLowerCase();
  if (status === 401 || status === 403 || id === 'unauthorized' || id === 'forbidden') {
    return { ...base, code: 'auth_failed' };
  }
  if (status === 429 || id === 'too_many_requests') return { ...base, code: 'rate_limited' };
  if (status === 404) return { ...base, code: 'not_found' };
  if (status === 422 || id === 'unprocessable_entity') {
    if (/limit/i.test(body.message)) return { ...base, code: 'quota_exceeded' };
    if (/not available|unavailable|capacity/i.test(body.message)) {
      return { ...base, code: 'capacity_unavailable' };
    }
    return { ...base, code: 'invalid_request' };
  }
  if (status >= 500) return { ...base, code: 'upstream_error' };
  return undefined;
}
