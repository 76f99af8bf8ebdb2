import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Money paths must never touch a double: 2.01 * 100 is 200.99999999999997. This scan keeps
// the habit from creeping back: any of these in src/ code (comments and string text ignored)
// fails the build.
const FORBIDDEN: ReadonlyArray<readonly [string, RegExp]> = [
  ['the type "number"', /\bnumber\b/],
  ['parseFloat', /\bparseFloat\b/],
  ['parseInt', /\bparseInt\b/],
  ['Number(', /\bNumber\s*\(/],
  ['Number.', /\bNumber\s*\./],
  ['Math.', /\bMath\s*\./],
  ['toFixed', /\btoFixed\b/],
  ['toPrecision', /\btoPrecision\b/],
];

// The one sanctioned conversion: a bigint instant back to a Date (exact, range-checked).
const ALLOWED = new Set(['_time.ts:  return new Date(Number(millis));']);

/**
 * Blanks comments and the text of string and template literals (keeping `${...}` code), so
 * an error message saying "whole number of hours" is not a float. Line structure is kept.
 */
function codeOnly(source: string): string {
  let out = '';
  let i = 0;
  const stack: Array<'template' | 'brace'> = [];
  const blank = (ch: string) => (ch === '\n' ? '\n' : ' ');
  while (i < source.length) {
    const ch = source[i] ?? '';
    const next = source[i + 1] ?? '';
    const top = stack[stack.length - 1];
    if (top === 'template') {
      if (ch === '\\') {
        out += '  ';
        i += 2;
      } else if (ch === '`') {
        stack.pop();
        out += '`';
        i += 1;
      } else if (ch === '$' && next === '{') {
        stack.push('brace');
        out += '${';
        i += 2;
      } else {
        out += blank(ch);
        i += 1;
      }
      continue;
    }
    if (ch === '/' && next === '/') {
      while (i < source.length && source[i] !== '\n') {
        out += ' ';
        i += 1;
      }
    } else if (ch === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? source.length : end + 2;
      for (; i < stop; i += 1) out += blank(source[i] ?? '');
    } else if (ch === "'" || ch === '"') {
      out += ch;
      i += 1;
      while (i < source.length && source[i] !== ch && source[i] !== '\n') {
        if (source[i] === '\\') {
          out += ' ';
          i += 1;
        }
        out += blank(source[i] ?? '');
        i += 1;
      }
      out += ch;
      i += 1;
    } else if (ch === '`') {
      stack.push('template');
      out += '`';
      i += 1;
    } else if (ch === '{' && top === 'brace') {
      stack.push('brace');
      out += ch;
      i += 1;
    } else if (ch === '}' && top === 'brace') {
      stack.pop();
      out += ch;
      i += 1;
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}

function violations(file: string, source: string): string[] {
  const found: string[] = [];
  const original = source.split('\n');
  codeOnly(source)
    .split('\n')
    .forEach((line, index) => {
      for (const [what, pattern] of FORBIDDEN) {
        if (!pattern.test(line)) continue;
        if (ALLOWED.has(`${file}:${original[index]}`)) continue;
        found.push(`${file}:${index + 1} uses ${what}: ${original[index]?.trim()}`);
      }
    });
  return found;
}

describe('no floating point in src/', () => {
  const dir = join(import.meta.dirname, '..', 'src');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

  it('finds the source files', () => {
    expect(files).toContain('refund.ts');
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  it.each(files)('%s has no number type, parseFloat/parseInt, Number, Math, toFixed', (file) => {
    expect(violations(file, readFileSync(join(dir, file), 'utf8'))).toEqual([]);
  });

  it('the scanner catches each forbidden construct in code', () => {
    const samples = [
      'let price: number = 1;',
      'const x = parseFloat(s);',
      'const y = parseInt(s, 10);',
      'const z = Number(s);',
      'if (Number.isNaN(v)) {}',
      'const r = Math.round(v);',
      'const t = v.toFixed(2);',
      'const p = v.toPrecision(3);',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source text under test
      'const u = `${Math.floor(v)}`;',
    ];
    for (const sample of samples) expect(violations('x.ts', sample)).toHaveLength(1);
  });

  it('the scanner ignores comments and string text', () => {
    const source = [
      '// a number in a comment, Math.round, parseFloat',
      '/* Number(x) in a block',
      '   comment */ const a = 1n;',
      "const m = 'a whole number of hours';",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source text under test
      'const t = `number ${a} of Math.x`;',
    ].join('\n');
    expect(violations('x.ts', source)).toEqual([]);
  });

  it('allows only the one sanctioned Date conversion', () => {
    expect(violations('_time.ts', '  return new Date(Number(millis));')).toEqual([]);
    expect(violations('money.ts', '  return new Date(Number(millis));')).toHaveLength(1);
  });
});
