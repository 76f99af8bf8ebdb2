import { CONTRACT_LABEL, MANAGED_LABEL } from '../../naming';
import { HETZNER_LABEL_VALUE } from './config';
import type { WireLabels } from './wire';

// Hetzner label values are at most 63 characters and must start and end alphanumeric, but a
// contract id may be 128 characters (a legacy hex id is 64) and may start or end with `-`/`_`.
// Such an id is stored in parts: `dc-contract-0`, `dc-contract-1`, ... each `x<up to 61 chars>x`,
// so every part is a valid value and the full id is still recoverable and checked on adoption.
// An id that fits is stored as is in `dc-contract`, the label other tools look for.
const PART_CHARS = 61;
const partKey = (i: number) => `${CONTRACT_LABEL}-${i}`;

/** The labels that record a contract id on a Hetzner resource. */
export function contractLabels(contractId: string): Record<string, string> {
  if (HETZNER_LABEL_VALUE.test(contractId) && contractId !== '')
    return { [CONTRACT_LABEL]: contractId };
  const labels: Record<string, string> = {};
  for (let i = 0; i * PART_CHARS < contractId.length; i++) {
    labels[partKey(i)] = `x${contractId.slice(i * PART_CHARS, (i + 1) * PART_CHARS)}x`;
  }
  return labels;
}

/** Every label we put on a resource made for a contract: contract id, managed marker, extras. */
export function resourceLabels(
  contractId: string,
  extra: Readonly<WireLabels> = {},
): Record<string, string> {
  return { ...extra, ...contractLabels(contractId), [MANAGED_LABEL]: 'true' };
}

/** A `label_selector` matching exactly the resources labelled for `contractId` by us. */
export function contractSelector(contractId: string): string {
  const parts = Object.entries(contractLabels(contractId)).map(([k, v]) => `${k}=${v}`);
  return [...parts, `${MANAGED_LABEL}=true`].join(',');
}

/** The selector of everything we manage. */
export const MANAGED_SELECTOR = `${MANAGED_LABEL}=true`;

/** The contract id recorded in a resource's labels, or `null` when there is none. */
export function contractIdOf(labels: Readonly<WireLabels>): string | null {
  const plain = labels[CONTRACT_LABEL];
  if (plain !== undefined && plain !== '') return plain;
  const parts: string[] = [];
  for (let i = 0; ; i++) {
    const part = labels[partKey(i)];
    if (part === undefined) break;
    if (part.length < 2 || !part.startsWith('x') || !part.endsWith('x')) return null;
    parts.push(part.slice(1, -1));
  }
  return parts.length > 0 ? parts.join('') : null;
}

/** Whether a resource carries our managed label. */
export function isManaged(labels: Readonly<WireLabels>): boolean {
  return labels[MANAGED_LABEL] === 'true';
}

/**
 * The label on a server listing the ids of the SSH keys made for its contract (`12.34`), so
 * terminating it deletes them by id instead of listing keys by label first. A server made
 * before this label existed, or with too many keys for one label value, has none: its keys are
 * then found by their contract label.
 */
export const SSH_KEYS_LABEL = 'dc-ssh-keys';

/** The {@link SSH_KEYS_LABEL} for these key ids (empty value: none), or nothing if it is too long. */
export function sshKeysLabel(ids: readonly number[]): Record<string, string> {
  const value = [...new Set(ids)].join('.');
  return HETZNER_LABEL_VALUE.test(value) ? { [SSH_KEYS_LABEL]: value } : {};
}

/** The SSH key ids a server's {@link SSH_KEYS_LABEL} lists, or `null` when it has none. */
export function sshKeyIdsOf(labels: Readonly<WireLabels>): number[] | null {
  const value = labels[SSH_KEYS_LABEL];
  if (value === undefined || !/^(\d{1,15}(\.\d{1,15})*)?$/.test(value)) return null;
  return value === '' ? [] : value.split('.').map(Number);
}
