// The grammar's corners: keywords, whitespace, negation, quoting, lists, ranges, operators.

import { describe, expect, it } from 'vitest';
import { parseSearchQuery, type SearchClause } from '../../src/search/index';

function only(text: string): SearchClause {
  const { clauses } = parseSearchQuery(text);
  expect(clauses).toHaveLength(1);
  return clauses[0] as SearchClause;
}

describe('clauses and keywords', () => {
  it('treats blank text as the empty query', () => {
    expect(parseSearchQuery('')).toStrictEqual({ clauses: [] });
    expect(parseSearchQuery(' \t\n ')).toStrictEqual({ clauses: [] });
  });

  it('takes AND between clauses in any case, or no AND at all', () => {
    const plain = parseSearchQuery('type:gpu country:US');
    expect(parseSearchQuery('type:gpu AND country:US')).toStrictEqual(plain);
    expect(parseSearchQuery('type:gpu and country:US')).toStrictEqual(plain);
    expect(parseSearchQuery('type:gpu AnD country:US')).toStrictEqual(plain);
  });

  it('takes OR and TO in any case', () => {
    expect(parseSearchQuery('type:(gpu or compute)')).toStrictEqual(
      parseSearchQuery('type:(gpu OR compute)'),
    );
    expect(parseSearchQuery('price:[1 to 2]')).toStrictEqual(parseSearchQuery('price:[1 TO 2]'));
  });

  it('reads field names in any case', () => {
    expect(only('TYPE:gpu')).toStrictEqual(only('type:gpu'));
    expect(only('-Country:cn')).toStrictEqual(only('-country:CN'));
  });

  it('allows whitespace around ":" and inside brackets', () => {
    const expected = parseSearchQuery('type:(gpu OR compute) price:[1 TO 2] cores:>=8');
    expect(
      parseSearchQuery('type : ( gpu  OR compute ) price:[ 1 TO 2 ] cores: >= 8'),
    ).toStrictEqual(expected);
  });

  it('needs no whitespace next to brackets and quotes', () => {
    expect(parseSearchQuery('type:(gpu OR compute)city:"Paris"')).toStrictEqual(
      parseSearchQuery('type:(gpu OR compute) city:"Paris"'),
    );
  });
});

describe('negation', () => {
  it('takes "-" and "!" alike', () => {
    expect(only('-stock:discontinued')).toStrictEqual(only('!stock:discontinued'));
    expect(only('-stock:discontinued')).toMatchObject({ negated: true });
  });

  it('negates any kind of clause', () => {
    expect(only('-price:[1 TO 2]')).toMatchObject({ negated: true, kind: 'number' });
    expect(only('!name:foo')).toMatchObject({ negated: true, kind: 'text' });
    expect(only('-ipv6:true')).toMatchObject({ negated: true, kind: 'boolean' });
  });
});

describe('values', () => {
  it('keeps text as typed and enum values normalised', () => {
    expect(only('name:EPYC')).toMatchObject({ values: ['EPYC'] });
    expect(only('type:GPU')).toMatchObject({ values: ['gpu'] });
    expect(only('virt:Bare_Metal')).toMatchObject({ values: ['bare_metal'] });
    expect(only('country:de')).toMatchObject({ values: ['DE'] });
    expect(only('currency:eur')).toMatchObject({ values: ['EUR'] });
    expect(only('region:North_America')).toMatchObject({ values: ['north_america'] });
  });

  it('accepts every listed enum value', () => {
    for (const [field, values] of [
      ['type', ['compute', 'dedicated', 'gpu', 'storage', 'network']],
      ['stock', ['in_stock', 'out_of_stock', 'discontinued']],
      ['virt', ['kvm', 'lxc', 'container', 'bare_metal', 'none']],
      ['arch', ['x86_64', 'arm64']],
      ['disk_kind', ['ssd', 'nvme', 'hdd']],
    ] as const) {
      for (const value of values) {
        expect(only(`${field}:${value}`)).toMatchObject({ kind: 'enum', values: [value] });
      }
    }
  });

  it('unquotes quoted values, with \\" and \\\\ escapes', () => {
    expect(only('city:"New York"')).toMatchObject({ values: ['New York'] });
    expect(only('name:"say \\"hi\\""')).toMatchObject({ values: ['say "hi"'] });
    expect(only('name:"C:\\\\path"')).toMatchObject({ values: ['C:\\path'] });
    // Any other backslash is kept as it is.
    expect(only('name:"a\\nb"')).toMatchObject({ values: ['a\\nb'] });
    expect(only('name:"(x OR y) [1 TO 2]"')).toMatchObject({ values: ['(x OR y) [1 TO 2]'] });
  });

  it('reads a keyword or a leading "-" in a value position as a value', () => {
    expect(only('name:AND')).toMatchObject({ values: ['AND'] });
    expect(only('name:(or OR to)')).toMatchObject({ values: ['or', 'to'] });
    expect(only('name:-beta')).toMatchObject({ values: ['-beta'], negated: false });
  });

  it('takes a quoted value for any kind of field', () => {
    expect(only('type:"gpu"')).toStrictEqual(only('type:gpu'));
    expect(only('price:"20EUR"')).toStrictEqual(only('price:20EUR'));
    expect(only('ipv4:"yes"')).toStrictEqual(only('ipv4:true'));
  });

  it('reads booleans as true/false or yes/no in any case', () => {
    expect(only('ipv4:true')).toMatchObject({ kind: 'boolean', value: true });
    expect(only('ipv6:YES')).toMatchObject({ value: true });
    expect(only('online:False')).toMatchObject({ value: false });
    expect(only('unmetered:no')).toMatchObject({ value: false });
  });

  it('keeps list order and duplicates', () => {
    expect(only('country:(DE OR US OR de)')).toMatchObject({ values: ['DE', 'US', 'DE'] });
  });

  it('treats a one-value list like the bare value', () => {
    expect(only('type:(gpu)')).toStrictEqual(only('type:gpu'));
    expect(only('cores:(8)')).toStrictEqual(only('cores:8'));
  });
});

describe('numeric tests', () => {
  it.each([
    ['cores:8', { op: 'eq', values: ['8'] }],
    ['cores:(8 OR 16)', { op: 'eq', values: ['8', '16'] }],
    ['cores:>8', { op: '>', value: '8' }],
    ['cores:>=8', { op: '>=', value: '8' }],
    ['cores:<8', { op: '<', value: '8' }],
    ['cores:<=8', { op: '<=', value: '8' }],
    ['cores:[2 TO 8]', { op: 'range', min: '2', max: '8' }],
    ['cores:[8 TO 8]', { op: 'range', min: '8', max: '8' }],
    ['price:<=19.99', { op: '<=', value: '19.99' }],
    ['price:<=19.90', { op: '<=', value: '19.9' }],
    ['price:<=007', { op: '<=', value: '7' }],
    ['market:<=-10', { op: '<=', value: '-10' }],
    ['market:[-20.5 TO -0]', { op: 'range', min: '-20.5', max: '0' }],
    ['market:-0.0', { op: 'eq', values: ['0'] }],
  ])('%s', (text, test) => {
    expect(only(text)).toMatchObject({ kind: 'number', test });
  });
});
