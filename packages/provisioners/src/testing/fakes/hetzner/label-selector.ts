import { invalidInput } from './api-error';

/** One parsed `label_selector` expression. */
type Requirement = (labels: Readonly<Record<string, string>>) => boolean;

const KEY = '[a-zA-Z0-9][-_./a-zA-Z0-9]*';
const VALUE = '[-_.a-zA-Z0-9]*';
const EQUALS = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`);
const SET = new RegExp(`^(${KEY})\\s+(in|notin)\\s+\\(([^()]*)\\)$`);
const EXISTS = new RegExp(`^(!?)(${KEY})$`);

/**
 * Parses a Hetzner `label_selector` (`k=v`, `k==v`, `k!=v`, `k`, `!k`, `k in (a,b)`,
 * `k notin (a,b)`, joined by commas) into a predicate; throws `invalid_input` otherwise.
 */
export function parseLabelSelector(selector: string): Requirement {
  const parts = splitOutsideParentheses(selector).map((p) => p.trim());
  const requirements = parts.map((part): Requirement => {
    const equals = EQUALS.exec(part);
    if (equals) {
      const [, key = '', op, value = ''] = equals;
      return op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value;
    }
    const set = SET.exec(part);
    if (set) {
      const [, key = '', op, list = ''] = set;
      const values = new Set(list.split(',').map((v) => v.trim()));
      return op === 'in'
        ? (l) => l[key] !== undefined && values.has(l[key])
        : (l) => l[key] === undefined || !values.has(l[key]);
    }
    const exists = EXISTS.exec(part);
    if (exists) {
      const [, not, key = ''] = exists;
      return not ? (l) => !(key in l) : (l) => key in l;
    }
    throw invalidInput(`label_selector is invalid: "${part}"`, {
      label_selector: `invalid expression "${part}"`,
    });
  });
  return (labels) => requirements.every((r) => r(labels));
}

function splitOutsideParentheses(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  out.push(current);
  return out;
}
