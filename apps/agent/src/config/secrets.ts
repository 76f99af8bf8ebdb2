import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { isPlaceholder } from './placeholders';
import { isTable } from './table';

/** Where secret references are resolved. */
export interface SecretContext {
  /** The environment `{ env = "NAME" }` reads. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The config file's folder: relative `{ file = "..." }` paths start there. */
  readonly baseDir: string;
}

/** A secret given indirectly: `{ env = "NAME" }` or `{ file = "/path" }`. */
export type SecretReference = { readonly env: string } | { readonly file: string };

/** A problem found while resolving secrets, at a key path of the provisioner table. */
export interface SecretIssue {
  readonly path: readonly string[];
  readonly message: string;
}

/** The reference `value` is, when it is a table of exactly one `env` or `file` string. */
export function secretReference(value: unknown): SecretReference | undefined {
  if (!isTable(value)) return undefined;
  const entries = Object.entries(value);
  const [only] = entries;
  if (entries.length !== 1 || only === undefined) return undefined;
  const [key, inner] = only;
  if (typeof inner !== 'string') return undefined;
  if (key === 'env') return { env: inner };
  if (key === 'file') return { file: inner };
  return undefined;
}

/**
 * The secret a reference points to, or why it cannot be read. A file must be readable by its
 * owner only (like the agent key); its trailing newline is dropped. The value is never put in
 * a message.
 */
export function readSecret(
  reference: SecretReference,
  context: SecretContext,
): { value: string } | { error: string } {
  if ('env' in reference) {
    const value = context.env[reference.env];
    if (value === undefined || value === '') {
      return {
        error: `environment variable ${reference.env} is not set; export it (systemd: Environment= or EnvironmentFile=)`,
      };
    }
    return isPlaceholder(value)
      ? { error: `environment variable ${reference.env} holds a placeholder, not the secret` }
      : { value };
  }
  const path = isAbsolute(reference.file)
    ? reference.file
    : resolve(context.baseDir, reference.file);
  let mode: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return { error: `${path} is not a file` };
    mode = stat.mode;
  } catch (error) {
    return {
      error: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    };
  }
  if ((mode & 0o077) !== 0) {
    return {
      error: `${path} can be read by other users (mode ${(mode & 0o777).toString(8)}); run chmod 600 ${path}`,
    };
  }
  const value = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  if (value.trim() === '') return { error: `${path} is empty` };
  if (isPlaceholder(value)) return { error: `${path} holds a placeholder, not the secret` };
  return { value };
}

/**
 * `table` with every secret reference (at any depth) replaced by the secret, and the references
 * that could not be read.
 */
export function resolveSecrets(
  table: Readonly<Record<string, unknown>>,
  context: SecretContext,
  path: readonly string[] = [],
): { value: Record<string, unknown>; issues: SecretIssue[] } {
  const issues: SecretIssue[] = [];
  const value: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(table)) {
    const here = [...path, key];
    const reference = secretReference(inner);
    if (reference !== undefined) {
      const secret = readSecret(reference, context);
      if ('error' in secret) issues.push({ path: here, message: secret.error });
      else value[key] = secret.value;
    } else if (isTable(inner)) {
      const nested = resolveSecrets(inner, context, here);
      value[key] = nested.value;
      issues.push(...nested.issues);
    } else {
      value[key] = inner;
    }
  }
  return { value, issues };
}
