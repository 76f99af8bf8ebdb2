import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { z } from 'zod';
import { ConfigError, type ConfigIssue, keyPath } from './errors';
import { isPlaceholder } from './placeholders';
import { parseProvisionerEntry } from './provisioner-entry';
import {
  type AgentConfig,
  AgentSectionSchema,
  ApiSectionSchema,
  type ProvisionerEntry,
} from './schema';
import type { SecretContext } from './secrets';
import { isTable } from './table';
import { TomlLines } from './toml-lines';
import { type PathMessage, pathMessages } from './zod-issues';

/** Where a config is read from besides its text. */
export interface LoadOptions {
  /** The environment secrets `{ env = "NAME" }` come from (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Whether to read the `[provisioners]` tables (default true). `status`, `register` and
   * `reset-password` do not need them, so they work from a shell without the secrets' environment.
   */
  readonly provisioners?: boolean;
}

const FileSchema = z.strictObject({
  api: ApiSectionSchema,
  agent: AgentSectionSchema,
  provisioners: z.unknown().optional(),
});

const TOP_KEYS: Readonly<Record<string, readonly string[]>> = {
  '': ['api', 'agent', 'provisioners'],
  api: Object.keys(ApiSectionSchema.shape),
  agent: Object.keys(AgentSectionSchema.shape),
};

/** Every string value that looks like a placeholder, with its path. */
function placeholders(value: unknown, path: readonly PropertyKey[] = []): PathMessage[] {
  if (typeof value === 'string') {
    return isPlaceholder(value)
      ? [{ path, message: `${JSON.stringify(value)} is a placeholder; put the real value here` }]
      : [];
  }
  if (Array.isArray(value))
    return value.flatMap((item, index) => placeholders(item, [...path, index]));
  if (!isTable(value)) return [];
  return Object.entries(value).flatMap(([key, inner]) => placeholders(inner, [...path, key]));
}

function parseProvisioners(
  raw: unknown,
  context: SecretContext,
): { entries: ProvisionerEntry[]; issues: PathMessage[] } {
  if (!isTable(raw) || Object.keys(raw).length === 0) {
    return {
      entries: [],
      issues: [
        {
          path: ['provisioners'],
          message:
            'add at least one provisioner, e.g. [provisioners.hetzner] with token = { env = "HCLOUD_TOKEN" }',
        },
      ],
    };
  }
  const entries: ProvisionerEntry[] = [];
  const issues: PathMessage[] = [];
  for (const [name, table] of Object.entries(raw)) {
    const result = parseProvisionerEntry(name, table, context);
    issues.push(...result.issues);
    if (result.entry !== undefined) entries.push(result.entry);
  }
  const defaults = Object.entries(raw).filter(
    ([, table]) => isTable(table) && table['default'] === true,
  );
  const names = Object.keys(raw);
  if (names.length > 1 && defaults.length === 0) {
    issues.push({
      path: ['provisioners'],
      message: `several provisioners (${names.join(', ')}): mark exactly one with default = true`,
    });
  }
  for (const [name] of defaults.slice(1)) {
    issues.push({
      path: ['provisioners', name, 'default'],
      message: `only one provisioner may be the default; ${defaults[0]?.[0]} already is`,
    });
  }
  // With one provisioner it is the default whatever it says.
  const only = entries.length === 1 && names.length === 1 ? entries[0] : undefined;
  return { entries: only ? [{ ...only, isDefault: true }] : entries, issues };
}

/**
 * Parses and validates a config file's text: TOML syntax, unknown keys, placeholder values,
 * types and ranges, each provisioner's own schema, secrets. Throws a {@link ConfigError} listing
 * every problem with its key path and line.
 */
export function parseConfig(text: string, file: string, options: LoadOptions = {}): AgentConfig {
  const path = resolve(file);
  let raw: Record<string, unknown>;
  try {
    raw = parse(text) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) {
      const reason = error.message.replace(/^Invalid TOML document: /, '').split('\n')[0] ?? '';
      throw new ConfigError(path, [
        {
          path: '',
          line: error.line,
          message: `not valid TOML: ${reason} (column ${error.column})`,
        },
      ]);
    }
    throw error;
  }
  const lines = new TomlLines(text);
  const baseDir = dirname(path);
  const found: PathMessage[] = placeholders(
    options.provisioners === false ? { ...raw, provisioners: undefined } : raw,
  );
  const top = FileSchema.safeParse(raw);
  if (!top.success) {
    found.push(...pathMessages(top.error.issues, (at) => TOP_KEYS[at.map(String).join('.')] ?? []));
  }
  const provisioners =
    options.provisioners === false
      ? { entries: [], issues: [] }
      : parseProvisioners(raw['provisioners'], { env: options.env ?? process.env, baseDir });
  found.push(...provisioners.issues);
  const seen = new Set<string>();
  const issues: ConfigIssue[] = [];
  for (const issue of found) {
    const id = keyPath(issue.path);
    if (seen.has(id)) continue;
    seen.add(id);
    issues.push({ path: id, line: lines.lineOf(issue.path), message: issue.message });
  }
  if (issues.length > 0 || !top.success) {
    // In file order; problems without a line (a missing table) last.
    issues.sort(
      (a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER),
    );
    throw new ConfigError(path, issues);
  }
  const { api, agent } = top.data;
  return {
    path,
    api: { url: api.url.replace(/\/+$/, '') },
    agent: {
      keyFile: resolve(baseDir, agent.key_file),
      stateDir: resolve(baseDir, agent.state_dir),
      region: agent.region,
      concurrency: agent.concurrency,
      shutdownTimeoutMs: agent.shutdown_timeout_seconds * 1000,
      heartbeatIntervalMs: agent.heartbeat_interval_seconds * 1000,
      healthIntervalMs: agent.health_interval_seconds * 1000,
      reconcileIntervalMs: agent.reconcile_interval_seconds * 1000,
      orphanGraceMs: agent.orphan_grace_seconds * 1000,
    },
    provisioners: provisioners.entries,
  };
}

/** Reads and validates the config file at `file` (see {@link parseConfig}). */
export function loadConfig(file: string, options: LoadOptions = {}): AgentConfig {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(path, [
      {
        path: '',
        line: undefined,
        message:
          code === 'ENOENT'
            ? `no config file here; create one with: dc-agent init --config ${path}`
            : `cannot read the config file (${code ?? String(error)})`,
      },
    ]);
  }
  return parseConfig(text, path, options);
}
