import { ProvisionerError } from '../../errors';
import { CONTRACT_LABEL, MANAGED_LABEL } from '../../naming';

/** Tag on every server we create, so `listInstances` and orphan sweeps find only ours. */
export const MANAGED_TAG = MANAGED_LABEL;

// DigitalOcean tags allow `[A-Za-z0-9_:-]`, at most 255 characters, and are case-insensitive
// ("case stable": the first spelling ever used becomes canonical). Vultr's are free strings.
// Contract ids are `[A-Za-z0-9_-]`, so one encoding serves both: an upper-case letter X is
// written `:x`. The tag stays lower-case (no clash with a differently-cased earlier tag) and
// decodes to the exact id, so adoption can compare the FULL contract id.
const TAG_PREFIX = `${CONTRACT_LABEL}-`;
const TAG_MAX_LENGTH = 255;

/** The tag that carries a contract's full id, e.g. `dc-contract-0f3a...`. */
export function contractTag(contractId: string): string {
  const tag = TAG_PREFIX + contractId.replace(/[A-Z]/g, (c) => `:${c.toLowerCase()}`);
  if (tag.length > TAG_MAX_LENGTH) {
    throw new ProvisionerError(
      'invalid_request',
      `contractId is too long for a cloud tag: "${tag.slice(0, 40)}..." has ${tag.length} characters, at most ${TAG_MAX_LENGTH} are allowed (each upper-case letter takes two)`,
    );
  }
  return tag;
}

/** The contract id a server's tags carry, or `null` when it has no (valid) contract tag. */
export function contractIdFromTags(tags: readonly string[]): string | null {
  for (const raw of tags) {
    const tag = raw.toLowerCase();
    if (!tag.startsWith(TAG_PREFIX)) continue;
    const encoded = tag.slice(TAG_PREFIX.length);
    if (!/^(?:[a-z0-9_-]|:[a-z])+$/.test(encoded)) continue;
    return encoded.replace(/:([a-z])/g, (_m, c: string) => c.toUpperCase());
  }
  return null;
}

/** Whether tags mark a server as ours and made for exactly `contractId`. */
export function isManagedFor(tags: readonly string[], contractId: string): boolean {
  const lower = tags.map((t) => t.toLowerCase());
  return lower.includes(MANAGED_TAG) && contractIdFromTags(tags) === contractId;
}

/** Whether tags mark a server as made by Decent Cloud. */
export function isManaged(tags: readonly string[]): boolean {
  return tags.some((t) => t.toLowerCase() === MANAGED_TAG);
}
