import type { z } from 'zod';
import { isTable } from './table';

// TOML keys are snake_case; the provisioners' zod schemas are camelCase. Keys are converted
// only where the schema has an object shape: record keys (labels, environment variable names,
// offering ids) are the provider's own and stay as written.

/** `server_type` -> `serverType`. */
export function camelOf(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, char: string) => char.toUpperCase());
}

/** `serverType` -> `server_type`. */
export function snakeOf(key: string): string {
  return key.replace(/[A-Z]/g, (char) => `_${char.toLowerCase()}`);
}

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
};

/** The object shape of `schema` under optional/default/nullable/pipe wrappers, if it has one. */
export function shapeOf(schema: z.ZodType | undefined): Record<string, z.ZodType> | undefined {
  if (schema === undefined) return undefined;
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  switch (def.type) {
    case 'object':
      return def.shape;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return shapeOf(def.innerType);
    case 'pipe':
      return shapeOf(def.in);
    default:
      return undefined;
  }
}

/** Every camelCase key name of `schema`'s object shapes, at any depth. */
export function camelKeysOf(schema: z.ZodType | undefined): string[] {
  const shape = shapeOf(schema);
  if (shape === undefined) return [];
  return Object.entries(shape).flatMap(([key, inner]) => [key, ...camelKeysOf(inner)]);
}

/**
 * `value` with snake_case keys turned camelCase wherever `schema` has an object shape; the
 * paths of keys written in camelCase (the file must use snake_case) in `camelKeys`.
 */
export function toCamel(
  value: unknown,
  schema: z.ZodType | undefined,
  path: readonly string[] = [],
  camelKeys: string[][] = [],
): { value: unknown; camelKeys: string[][] } {
  const shape = shapeOf(schema);
  if (shape === undefined || !isTable(value)) return { value, camelKeys };
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (/[A-Z]/.test(key) && shape[key] !== undefined) camelKeys.push([...path, key]);
    const camel = camelOf(key);
    out[camel] = toCamel(inner, shape[camel], [...path, key], camelKeys).value;
  }
  return { value: out, camelKeys };
}

/** The path as written in the file for a camelCase path of the converted value. */
export function writtenPath(raw: unknown, path: readonly PropertyKey[]): PropertyKey[] {
  const written: PropertyKey[] = [];
  let node: unknown = raw;
  for (const segment of path) {
    if (typeof segment === 'string' && isTable(node)) {
      const key =
        segment in node
          ? segment
          : (Object.keys(node).find((k) => camelOf(k) === segment) ?? snakeOf(segment));
      written.push(key);
      node = node[key];
    } else {
      written.push(segment);
      node = Array.isArray(node) && typeof segment === 'number' ? node[segment] : undefined;
    }
  }
  return written;
}

/** `message` with the schema's camelCase key names written as the file writes them. */
export function snakeMessage(message: string, camelKeys: readonly string[]): string {
  let out = message;
  for (const key of new Set(camelKeys)) {
    if (/[A-Z]/.test(key)) out = out.replace(new RegExp(`\\b${key}\\b`, 'g'), snakeOf(key));
  }
  return out;
}
