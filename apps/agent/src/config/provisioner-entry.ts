import type { z } from 'zod';
import { camelKeysOf, shapeOf, snakeMessage, snakeOf, toCamel, writtenPath } from './case';
import { KINDS } from './kinds';
import {
  AGENT_PROVISIONER_KINDS,
  PROVISIONER_NAME,
  type ProvisionerEntry,
  type ProvisionerKind,
} from './schema';
import { resolveSecrets, type SecretContext } from './secrets';
import { isTable } from './table';
import { type PathMessage, pathMessages } from './zod-issues';

/** The keys every provisioner table has besides its provisioner's own. */
const COMMON_KEYS = ['kind', 'default'] as const;

const KIND_LIST = AGENT_PROVISIONER_KINDS.join(', ');

/** A parsed `[provisioners.<name>]` table, or the problems (paths from the file's root). */
export interface EntryResult {
  readonly entry: ProvisionerEntry | undefined;
  readonly issues: readonly PathMessage[];
}

function isKind(kind: string): kind is ProvisionerKind {
  return (AGENT_PROVISIONER_KINDS as readonly string[]).includes(kind);
}

function kindOf(
  name: string,
  raw: Record<string, unknown>,
): { kind: ProvisionerKind } | PathMessage {
  const declared = raw['kind'];
  if (declared === undefined) {
    return isKind(name)
      ? { kind: name }
      : {
          path: [],
          message: `"${name}" is not a provisioner kind; add kind = one of ${KIND_LIST}`,
        };
  }
  if (declared === 'manual') {
    return {
      path: ['kind'],
      message:
        'manual offerings are delivered by hand from the dashboard; the agent does not run them (remove this section)',
    };
  }
  if (typeof declared !== 'string' || !isKind(declared)) {
    return { path: ['kind'], message: `must be one of ${KIND_LIST}` };
  }
  return { kind: declared };
}

function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (const segment of path) current = shapeOf(current)?.[String(segment)];
  return current;
}

/**
 * Parses one provisioner table: its kind (the `kind` key, or the section name), `default`,
 * secrets (`{ env = ... }`, `{ file = ... }`) resolved, the rest converted to camelCase and
 * validated by the provisioner's own schema. Issue paths are as written in the file.
 */
export function parseProvisionerEntry(
  name: string,
  raw: unknown,
  context: SecretContext,
): EntryResult {
  const at = (issues: readonly PathMessage[]): PathMessage[] =>
    issues.map((issue) => ({
      path: ['provisioners', name, ...issue.path],
      message: issue.message,
    }));
  if (!PROVISIONER_NAME.test(name)) {
    return {
      entry: undefined,
      issues: at([
        {
          path: [],
          message:
            'a provisioner name is 2-32 characters of a-z, 0-9, _ and -, starting with a letter',
        },
      ]),
    };
  }
  if (!isTable(raw)) {
    return { entry: undefined, issues: at([{ path: [], message: 'must be a table' }]) };
  }
  const kind = kindOf(name, raw);
  if ('message' in kind) return { entry: undefined, issues: at([kind]) };
  const issues: PathMessage[] = [];
  const isDefault = raw['default'];
  if (isDefault !== undefined && typeof isDefault !== 'boolean') {
    issues.push({ path: ['default'], message: 'must be true or false' });
  }
  const { kind: _kind, default: _default, ...own } = raw;
  const { schema } = KINDS[kind.kind];
  const secrets = resolveSecrets(own, context);
  issues.push(...secrets.issues);
  const camel = toCamel(secrets.value, schema);
  for (const path of camel.camelKeys) {
    issues.push({ path, message: `write it in snake_case: ${snakeOf(path.at(-1) ?? '')}` });
  }
  const parsed = schema.safeParse(camel.value);
  if (!parsed.success) {
    const names = camelKeysOf(schema);
    const allowedAt = (path: readonly PropertyKey[]) => [
      ...(path.length === 0 ? COMMON_KEYS : []),
      ...Object.keys(shapeOf(schemaAt(schema, path)) ?? {}).map(snakeOf),
    ];
    for (const issue of pathMessages(parsed.error.issues, allowedAt)) {
      const path = writtenPath(own, issue.path);
      // A secret that could not be read is reported once, not again as "required".
      if (secrets.issues.some((s) => s.path.join('.') === path.join('.'))) continue;
      issues.push({ path, message: snakeMessage(issue.message, names) });
    }
  }
  if (issues.length > 0 || !parsed.success) return { entry: undefined, issues: at(issues) };
  return {
    entry: {
      name,
      kind: kind.kind,
      isDefault: isDefault === true,
      config: parsed.data as Record<string, unknown>,
    },
    issues: [],
  };
}
