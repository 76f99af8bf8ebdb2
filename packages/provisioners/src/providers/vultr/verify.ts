import { isProvisionerError } from '../../errors';
import type { SetupReport } from '../../types';
import { secretFileWarning } from '../_tagged-cloud/secret';
import type { VultrApi } from './api';
import type { VultrConfig } from './config';

function describeFailure(error: unknown): string {
  if (isProvisionerError(error) && error.code === 'auth_failed') {
    return "Vultr rejected the API key (401/403): copy the key from Account → API and allow this host's IP in its access control, then put it in apiKey or apiKeyFile";
  }
  return error instanceof Error ? error.message : String(error);
}

const list = (items: readonly string[]) =>
  items.length > 12 ? `${items.slice(0, 12).join(', ')}, ...` : items.join(', ');

/**
 * Checks a Vultr configuration against the account: the API key works, the configured region
 * exists, each configured plan exists, is sold there and is in stock, and the OS id exists.
 * Never throws: every problem is a line in `errors` or `warnings` (out of stock is a warning,
 * it may change by the time a contract comes).
 */
export async function verifyVultr(
  config: VultrConfig,
  getApi: () => Promise<VultrApi>,
): Promise<SetupReport> {
  const errors: string[] = [];
  const warnings: string[] = [];
  const done = (): SetupReport => ({ ok: errors.length === 0, errors, warnings });
  const modeWarning = await secretFileWarning({ file: config.apiKeyFile }, 'apiKey');
  if (modeWarning !== null) warnings.push(modeWarning);

  let api: VultrApi;
  try {
    api = await getApi();
    await api.account();
  } catch (error) {
    errors.push(describeFailure(error));
    return done();
  }

  try {
    const plans = [
      ...new Set([...(config.plan ? [config.plan] : []), ...Object.values(config.plans ?? {})]),
    ];
    const available = config.region === undefined ? null : await api.availablePlans(config.region);
    if (config.region !== undefined && available === null)
      errors.push(
        `region "${config.region}" does not exist at Vultr (ids such as "fra", "ewr", "sgp")`,
      );
    if (plans.length > 0) {
      const all = await api.plans();
      for (const plan of plans) {
        const known = all.find((p) => p.id === plan);
        if (known === undefined)
          errors.push(`plan "${plan}" does not exist; plans: ${list(all.map((p) => p.id))}`);
        else if (config.region !== undefined && available !== null) {
          if (!known.locations.includes(config.region))
            errors.push(
              `plan "${plan}" is not sold in region "${config.region}"; plans in stock there: ${list(available)}`,
            );
          else if (!available.includes(plan))
            warnings.push(`plan "${plan}" is out of stock in region "${config.region}" now`);
        }
      }
    }
    if (config.osId !== undefined) {
      const os = await api.os();
      if (!os.some((o) => o.id === config.osId)) {
        errors.push(
          `osId ${config.osId} does not exist; for example: ${list(os.slice(0, 8).map((o) => `${o.id} (${o.name})`))}`,
        );
      }
    }
  } catch (error) {
    errors.push(describeFailure(error));
  }
  return done();
}
