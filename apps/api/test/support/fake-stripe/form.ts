/** A parsed form body: Stripe's bracket notation as nested objects and arrays. */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };

type Tree = { [key: string]: Tree | string };

function toValue(node: Tree | string): FormValue {
  if (typeof node === 'string') return node;
  const keys = Object.keys(node);
  if (keys.length > 0 && keys.every((key) => /^\d+$/.test(key))) {
    return keys
      .sort((a, b) => Number(a) - Number(b))
      .map((key) => toValue(node[key] as Tree | string));
  }
  return Object.fromEntries(keys.map((key) => [key, toValue(node[key] as Tree | string)]));
}

/**
 * Parses `application/x-www-form-urlencoded` as stripe-node encodes it
 * (`line_items[0][price_data][currency]=usd`, `metadata[k]=v`) into nested values, as Stripe
 * does: numeric brackets become arrays.
 */
export function parseStripeForm(body: string): Record<string, FormValue> {
  const root: Tree = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const parts = rawKey.replace(/\]/g, '').split('[');
    let node = root;
    parts.forEach((part, index) => {
      if (index === parts.length - 1) {
        node[part] = value;
        return;
      }
      const next = node[part];
      if (typeof next !== 'object') node[part] = {};
      node = node[part] as Tree;
    });
  }
  return toValue(root) as Record<string, FormValue>;
}

/** A string field of a parsed form, or undefined. */
export function field(form: Record<string, FormValue> | FormValue | undefined, ...path: string[]) {
  let node: FormValue | undefined = form as FormValue | undefined;
  for (const key of path) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = Array.isArray(node) ? node[Number(key)] : node[key];
  }
  return typeof node === 'string' ? node : undefined;
}

/** A nested string map (metadata) of a parsed form. */
export function stringMap(value: FormValue | undefined): Record<string, string> {
  if (value === undefined || typeof value === 'string' || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}
