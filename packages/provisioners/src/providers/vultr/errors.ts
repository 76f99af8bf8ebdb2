import type { ProvisionerErrorCode } from '../../errors';
import type { VultrError } from './wire';

function isVultrError(body: unknown): body is VultrError {
  return (
    typeof body === 'object' && body !== null && typeof (body as VultrError).error === 'string'
  );
}

/**
 * Maps a Vultr error answer (`{"error": "...", "status": N}`) to a `ProvisionerError` code,
 * keeping Vultr's message (which names the field at fault). Vultr has no error ids, so a 400 is
 * split by message: limits → `quota_exceeded`, stock → `capacity_unavailable`.
 */
export function classifyVultrError(
  status: number,
  body: unknown,
): { code: ProvisionerErrorCode; upstreamCode?: string; message?: string } | undefined {
  if (!isVultrError(body)) return undefined;
  const base = { upstreamCode: `http_${status}`, message: body.error };
  if (status === 401 || status === 403) return { ...base, code: 'auth_failed' };
  if (status === 404) return { ...base, code: 'not_found' };
  if (status === 429) return { ...base, code: 'rate_limited' };
  if (status === 400 || status === 422) {
    if (/limit|quota|exceed/i.test(body.error)) return { ...base, code: 'quota_exceeded' };
    if (/not available|unavailable|out of stock|sold out|no capacity/i.test(body.error)) {
      return { ...base, code: 'capacity_unavailable' };
    }
    return { ...base, code: 'invalid_request' };
  }
  if (status >= 500) return { ...base, code: 'upstream_error' };
  return undefined;
}
