import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTOR_ROLES, CONTRACT_EVENT_TYPES, CONTRACT_STATUSES } from '@dc/state-machine';
import { describe, expect, it } from 'vitest';
import { DELIVERED_STATUSES } from '../../src/prober/targets';

/**
 * Never-again 28 (a metric filtering on a status that does not exist, so every score is empty):
 * every contract status, event and actor role named in the SQL of the trust, uptime and prober
 * code and of migration 0012 must exist in @dc/state-machine.
 */

const SRC = join(import.meta.dirname, '../../src');
const files = [
  ...['trust', 'uptime', 'prober'].flatMap((dir) =>
    readdirSync(join(SRC, dir))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => join(SRC, dir, file)),
  ),
  join(SRC, 'db/migrations/0012_trust.sql'),
];

/** Quoted names compared with `=`, `<>` or listed in `IN (...)` after `column`. */
function namesAfter(text: string, column: RegExp): string[] {
  const found: string[] = [];
  const pattern = new RegExp(
    `${column.source}\\s*(?:=|<>|IN\\s*\\()\\s*('[a-z_]+'(?:\\s*,\\s*'[a-z_]+')*)`,
    'g',
  );
  for (const match of text.matchAll(pattern)) {
    for (const name of (match[1] ?? '').matchAll(/'([a-z_]+)'/g)) found.push(name[1] as string);
  }
  return found;
}

const sources = files.map((file) => readFileSync(file, 'utf8'));
const statuses = sources.flatMap((text) =>
  namesAfter(text, /\b(?:to_status|from_status|c\.status)/),
);
const events = sources.flatMap((text) => namesAfter(text, /\bh\.event/));
const roles = sources.flatMap((text) => namesAfter(text, /\bactor_role/));

describe('names the trust SQL filters on', () => {
  it('are found in the code (the scan is not vacuous)', () => {
    for (const name of ['provisioned', 'active', 'accepted', 'rejected', 'provisioning_failed']) {
      expect(statuses).toContain(name);
    }
    expect(new Set(events)).toEqual(new Set(['provider_cancel', 'cancel']));
    expect(roles).toEqual(['renter']);
  });

  it.each([...new Set(statuses)])('status %s exists in @dc/state-machine', (name) => {
    expect(CONTRACT_STATUSES).toContain(name);
  });

  it.each([...new Set(events)])('event %s exists in @dc/state-machine', (name) => {
    expect(CONTRACT_EVENT_TYPES).toContain(name);
  });

  it.each([...new Set(roles)])('actor role %s exists in @dc/state-machine', (name) => {
    expect(ACTOR_ROLES).toContain(name);
  });

  it('delivered statuses (what the prober probes and uptime expects) exist', () => {
    for (const name of DELIVERED_STATUSES) expect(CONTRACT_STATUSES).toContain(name);
  });
});
