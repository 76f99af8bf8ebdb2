import { isProvisionerError } from '../../errors';
import type { SetupReport } from '../../types';
import { secretFileWarning } from '../_tagged-cloud/secret';
import type { DigitalOceanApi } from './api';
import type { DigitalOceanConfig } from './config';

function describeFailure(error: unknown): string {
  if (isProvisionerError(error) && error.code === 'auth_failed') {
    return 'DigitalOcean rejected the API token (401/403): create a personal access token with read and write scope and put it in token or tokenFile';
  }
  return error instanceof Error ? error.message : String(error);
}

const list = (items: readonly string[]) =>
  items.length > 12 ? `${items.slice(0, 12).join(', ')}, ...` : items.join(', ');

/**
 * Checks a DigitalOcean configuration against the account: the token works and the account is
 * active, the droplet limit is not reached, and the configured region, sizes and image exist and
 * fit together. Never throws: every problem is a line in `errors` or `warnings`.
 */
export async function verifyDigitalOcean(
  config: DigitalOceanConfig,
  getApi: () => Promise<DigitalOceanApi>,
): Promise<SetupReport> {
  const errors: string[] = [];
  const warnings: string[] = [];
  const done = (): SetupReport => ({ ok: errors.length === 0, errors, warnings });
  const modeWarning = await secretFileWarning({ file: config.tokenFile }, 'token');
  if (modeWarning !== null) warnings.push(modeWarning);

  let api: DigitalOceanApi;
  try {
    api = await getApi();
    const account = await api.account();
    if (account.status === 'locked')
      errors.push(
        `the DigitalOcean account is locked: ${account.status_message || 'no reason given'}`,
      );
    if (account.status === 'warning')
      warnings.push(`the DigitalOcean account has a warning: ${account.status_message}`);
    const count = await api.dropletCount();
    if (count >= account.droplet_limit) {
      warnings.push(
        `the account has ${count} droplets and its droplet limit is ${account.droplet_limit}: new droplets will be refused until DigitalOcean raises the limit`,
      );
    }
  } catch (error) {
    errors.push(describeFailure(error));
    return done();
  }

  try {
    const sizes = [
      ...new Set([...(config.size ? [config.size] : []), ...Object.values(config.sizes ?? {})]),
    ];
    const regions = config.region === undefined && sizes.length === 0 ? [] : await api.regions();
    const region =
      config.region === undefined ? undefined : regions.find((r) => r.slug === config.region);
    if (config.region !== undefined && region === undefined) {
      errors.push(
        `region "${config.region}" does not exist; regions: ${list(regions.filter((r) => r.available).map((r) => r.slug))}`,
      );
    } else if (region !== undefined && !region.available) {
      errors.push(`region "${region.slug}" does not accept new droplets now`);
    }
    if (sizes.length > 0) {
      const known = new Set((await api.sizes()).map((s) => s.slug));
      for (const size of sizes) {
        if (!known.has(size))
          errors.push(`size "${size}" does not exist; sizes: ${list([...known])}`);
        else if (region !== undefined && !region.sizes.includes(size)) {
          errors.push(
            `size "${size}" is not sold in region "${region.slug}"; sizes there: ${list(region.sizes)}`,
          );
        }
      }
    }
    if (config.image !== undefined && !(await api.imageExists(config.image))) {
      errors.push(
        `image "${config.image}" does not exist (use a slug such as "ubuntu-24-04-x64" or an image id)`,
      );
    }
  } catch (error) {
    errors.push(describeFailure(error));
  }
  return done();
}
