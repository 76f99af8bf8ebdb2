import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ACTOR_ROLES, CONTRACT_EVENT_TYPES, CONTRACT_STATUSES } from '@dc/state-machine';
import { describe, expect, it } from 'vitest';
import { DELIVERED_STATUSES } from '../../src/prober/targets';

/**
 * Never-again 28 (a metric filtering on a status that does not exist, so every score is empty):
 * every status literal compared with a status column anywhere in apps/api/src (Kysely filters
 * and SQL, every folder) and in every migration must be one of that column's statuses: a real
 * @dc/state-machine status for the contract columns (`contracts.status`,
 * `contract_history.to_status`/`from_status`), the migration's CHECK list for the other tables
 * (jobs, payments, outboxes...). The contract status column is `text` (Kysely does not type
 * it), so this scan is what catches `.where('c.status', '=', 'actve')`. Also: every contract
 * event and actor role named in SQL exists in the state machine.
 */

const SRC = join(import.meta.dirname, '../../src');

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return walk(path);
    return /\.(ts|sql)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const files = walk(SRC).map((path) => ({
  path: relative(SRC, path),
  // Comments dropped (their prose says "from", "status"...), lengths kept for line numbers.
  text: readFileSync(path, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
    .replace(/(^|[^:'"`])\/\/.*$/gm, (c, lead: string) => lead + ' '.repeat(c.length - 1))
    .replace(/--.*$/gm, (c) => ' '.repeat(c.length)),
}));
const migrations = files.filter((f) => f.path.startsWith('db/migrations/'));

/** Every table of the migrations. */
const TABLES = new Set(
  migrations.flatMap((f) => [...f.text.matchAll(/CREATE TABLE (\w+)/g)].map((m) => m[1] as string)),
);

/**
 * The statuses each table's `status` column allows, from the last CHECK naming them in the
 * migrations (a later migration replaces the constraint).
 */
const CHECKED: Map<string, Set<string>> = new Map();
for (const { text } of migrations) {
  for (const m of text.matchAll(/(?:CREATE TABLE|ALTER TABLE) (\w+)[\s\S]*?(?:\n\);|;)/g)) {
    const check = /CHECK \(status IN \(([^)]*)\)\)/.exec(m[0]);
    if (check) {
      CHECKED.set(
        m[1] as string,
        new Set([...(check[1] ?? '').matchAll(/'([a-z_]+)'/g)].map((n) => n[1] as string)),
      );
    }
  }
}

/** The statuses a column of `table` may hold, or undefined if the scan does not know it. */
function allowed(table: string, column: string): ReadonlySet<string> | undefined {
  if (table === 'contracts' && column === 'status') return new Set(CONTRACT_STATUSES);
  if (table === 'contract_history') return new Set(CONTRACT_STATUSES);
  if (column === 'status') return CHECKED.get(table);
  return undefined;
}

/** Parenthesis depth at each position, so a table named inside a closed subquery is skipped. */
function depths(text: string): Int32Array {
  const out = new Int32Array(text.length + 1);
  let depth = 0;
  for (let i = 0; i < text.length; i += 1) {
    out[i] = depth;
    const ch = text[i];
    if (ch === '(' || ch === '[' || ch === '{') depth += 1;
    else if (ch === ')' || ch === ']' || ch === '}') depth -= 1;
  }
  out[text.length] = depth;
  return out;
}

/** Where a query names its table (Kysely, SQL, a trigger or an index). */
const TABLE_REFERENCES = [
  /\b(?:selectFrom|updateTable|deleteFrom|insertInto)\(\s*'(\w+)(?: as \w+)?'/g,
  /\b(?:FROM|UPDATE|INTO|TABLE|JOIN)\s+(\w+)/g,
  /\bON\s+(\w+)\s*(?:\(|FOR EACH)/g,
];

/** Whether `from` and `to` are in one statement and one group: no `;` or group end between. */
function together(text: string, depth: Int32Array, from: number, to: number): boolean {
  const [a, b] = from <= to ? [from, to] : [to, from];
  const floor = depth[from] as number;
  if ((depth[to] as number) < floor) return false;
  for (let i = a; i <= b; i += 1) {
    if ((depth[i] as number) < floor) return false;
    if (text[i] === ';' && depth[i] === floor) return false;
  }
  return true;
}

/**
 * The table an unqualified `status` at `at` belongs to: the innermost query of its statement
 * naming one (before it, else after it: `SELECT ... status ... FROM t`); else the file's
 * `SelectQueryBuilder<Database, 't'>` (a helper narrowing a query it is given).
 */
function tableAt(text: string, depth: Int32Array, at: number): string | undefined {
  let best: { index: number; table: string; rank: number } | undefined;
  for (const pattern of TABLE_REFERENCES) {
    for (const m of text.matchAll(pattern)) {
      const table = m[1] as string;
      if (!TABLES.has(table) || !together(text, depth, m.index, at)) continue;
      // Innermost first, then the nearest before, then the nearest after.
      const rank =
        (depth[m.index] as number) * 1e9 + (m.index < at ? 5e8 : 0) - Math.abs(at - m.index);
      if (best === undefined || rank > best.rank) best = { index: m.index, table, rank };
    }
  }
  if (best !== undefined) return best.table;
  const typed = [...text.matchAll(/SelectQueryBuilder<Database, '(\w+)'/g)].map((m) => m[1]);
  return new Set(typed).size === 1 ? typed[0] : undefined;
}

/**
 * The table behind `alias` near `at`: `table alias` / `table as alias`, or a subquery
 * `(SELECT ... FROM table ...) alias`; the nearest such definition in the file.
 */
function aliasTable(
  text: string,
  depth: Int32Array,
  alias: string,
  at: number,
): string | undefined {
  if (TABLES.has(alias)) return alias;
  const found: { index: number; table: string }[] = [];
  for (const m of text.matchAll(new RegExp(`\\b(\\w+)(?: as| AS)? ${alias}\\b`, 'g'))) {
    if (TABLES.has(m[1] as string)) found.push({ index: m.index, table: m[1] as string });
  }
  for (const m of text.matchAll(new RegExp(`\\)\\s*(?:AS\\s+)?${alias}\\b`, 'g'))) {
    // The subquery ending here (its `(` is the last one before at the depth outside it).
    const inside = depth[m.index] as number;
    let open = m.index - 1;
    while (open > 0 && !(text[open] === '(' && depth[open] === inside - 1)) open -= 1;
    const body = text.slice(open, m.index);
    const from = /\bFROM\s+(\w+)/.exec(body);
    if (from && TABLES.has(from[1] as string))
      found.push({ index: m.index, table: from[1] as string });
  }
  found.sort((x, y) => Math.abs(x.index - at) - Math.abs(y.index - at));
  return found[0]?.table;
}

/**
 * Helpers generic over several tables, with the tables their status literals must fit
 * (`outbox/claim-due.ts` claims the rows of any leased outbox).
 */
const GENERIC: Record<string, readonly string[]> = {
  'outbox/claim-due.ts': ['notification_deliveries', 'mail_outbox'],
};

interface Comparison {
  readonly where: string;
  readonly table: string | undefined;
  readonly column: string;
  readonly names: string[];
}

const quoted = (list: string) => [...list.matchAll(/'([a-z_]+)'/g)].map((n) => n[1] as string);

/**
 * Every quoted literal compared with a status column:
 * Kysely `('status' | 'c.status', '=' | '<>' | '!=' | 'in' | 'not in', 'x' | ['x', ...])` and
 * SQL `status | c.status | NEW.status = | <> | != | IN (| NOT IN ( 'x', ...`.
 */
function comparisons(path: string, text: string): Comparison[] {
  const depth = depths(text);
  const out: Comparison[] = [];
  const line = (at: number) => `${path}:${text.slice(0, at).split('\n').length}`;
  const resolve = (qualifier: string | undefined, column: string, at: number) => {
    // Only contract_history has these columns.
    if (column !== 'status') return 'contract_history';
    return qualifier === undefined || qualifier === 'NEW' || qualifier === 'OLD'
      ? tableAt(text, depth, at)
      : aliasTable(text, depth, qualifier, at);
  };
  const kysely =
    /['"](?:(\w+)\.)?(status|to_status|from_status)['"]\s*,\s*['"](?:=|<>|!=|in|not in)['"]\s*,\s*('[a-z_]+'|\[[^\]]*\])/g;
  for (const m of text.matchAll(kysely)) {
    const names = quoted(m[3] as string);
    if (names.length === 0) continue;
    out.push({
      where: line(m.index),
      table: resolve(m[1], m[2] as string, m.index),
      column: m[2] as string,
      names,
    });
  }
  const sqlText =
    /(?<![\w.'"])(?:(\w+)\.)?(status|to_status|from_status)\s*(?:=|<>|!=|IN\s*\(|NOT IN\s*\()\s*('[a-z_]+'(?:\s*,\s*'[a-z_]+')*)/g;
  for (const m of text.matchAll(sqlText)) {
    out.push({
      where: line(m.index),
      table: resolve(m[1], m[2] as string, m.index),
      column: m[2] as string,
      names: quoted(m[3] as string),
    });
  }
  // A generic helper's unresolved `status`: checked against each table it serves.
  const generic = GENERIC[path];
  if (generic === undefined) return out;
  return out.flatMap((c) =>
    c.table === undefined ? generic.map((table) => ({ ...c, table })) : [c],
  );
}

const all = files.flatMap((f) => comparisons(f.path, f.text));
const contractComparisons = all.filter(
  (c) => c.table === 'contracts' || c.table === 'contract_history' || c.column !== 'status',
);
const contractStatusNames = contractComparisons.flatMap((c) => c.names);

/** Quoted names compared with `=`, `<>` or listed in `IN (...)` after `column` (SQL). */
function namesAfter(text: string, column: RegExp): string[] {
  const found: string[] = [];
  const pattern = new RegExp(
    `${column.source}\\s*(?:=|<>|IN\\s*\\()\\s*('[a-z_]+'(?:\\s*,\\s*'[a-z_]+')*)`,
    'g',
  );
  for (const match of text.matchAll(pattern)) found.push(...quoted(match[1] ?? ''));
  return found;
}
const events = files.flatMap((f) => namesAfter(f.text, /\bh\.event/));
const roles = files.flatMap((f) => namesAfter(f.text, /\bactor_role/));

describe('status names compared with status columns (never-again 28)', () => {
  it('are found everywhere they are used (the scan is not vacuous)', () => {
    expect(files.length).toBeGreaterThan(150);
    expect(migrations.length).toBeGreaterThanOrEqual(14);
    expect(all.length).toBeGreaterThan(80);
    expect(contractComparisons.length).toBeGreaterThanOrEqual(20);
    expect(contractStatusNames.length).toBeGreaterThanOrEqual(40);
    // Each kind of place: a Kysely filter (sweeps, jobs, term-ending notices), raw SQL
    // (trust, prober) and the migrations (partial indexes, the trust trigger).
    const places = new Set(contractComparisons.map((c) => c.where.split('/')[0]));
    for (const dir of ['sweeps', 'jobs', 'notifications', 'trust', 'prober', 'db']) {
      expect(places, dir).toContain(dir);
    }
    for (const name of [
      'requested',
      'accepted',
      'provisioning',
      'provisioned',
      'active',
      'rejected',
      'provisioning_failed',
      'cancelled',
      'expired',
    ]) {
      expect(contractStatusNames).toContain(name);
    }
    expect(new Set(events)).toEqual(new Set(['provider_cancel', 'cancel']));
    expect(new Set(roles)).toEqual(new Set(ACTOR_ROLES));
  });

  it('would catch a misspelt status in a Kysely filter or SQL (the scan can fail)', () => {
    const bad = comparisons(
      'example.ts',
      [
        "await db.selectFrom('contracts as c').select('c.id').where('c.status', '=', 'actve');",
        "await db.updateTable('contracts').set({}).where('status', 'in', ['active', 'delivered']);",
        "await sql`SELECT c.id FROM contracts c WHERE c.status NOT IN ('provisioned', 'live')`;",
        "await db.selectFrom('jobs').select('id').where('status', '=', 'running');",
      ].join('\n'),
    );
    const wrong = bad.flatMap((c) => {
      const ok = c.table === undefined ? undefined : allowed(c.table, c.column);
      return c.names.filter((name) => !ok?.has(name)).map((name) => `${c.table}:${name}`);
    });
    expect(wrong.sort()).toEqual([
      'contracts:actve',
      'contracts:delivered',
      'contracts:live',
      'jobs:running',
    ]);
  });

  it('belong to a table the scan knows (none is left unchecked)', () => {
    const unknown = all
      .filter((c) => c.table === undefined || allowed(c.table, c.column) === undefined)
      .map((c) => `${c.where} ${c.table ?? '?'}.${c.column} ${c.names.join(',')}`);
    expect(unknown).toEqual([]);
  });

  it('the contracts table allows exactly the state-machine statuses', () => {
    expect(CHECKED.get('contracts')).toEqual(new Set(CONTRACT_STATUSES));
  });

  it('are each a status of their column: a real @dc/state-machine status for contracts', () => {
    const wrong = all.flatMap((c) => {
      const ok = c.table === undefined ? undefined : allowed(c.table, c.column);
      return c.names
        .filter((name) => ok !== undefined && !ok.has(name))
        .map((name) => `${c.where} ${c.table}.${c.column} '${name}'`);
    });
    expect(wrong).toEqual([]);
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
