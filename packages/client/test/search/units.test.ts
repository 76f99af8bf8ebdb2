// Units: every accepted spelling, the canonical unit each converts to, and exactness.

import { describe, expect, it } from 'vitest';
import { parseSearchQuery, type SearchClause } from '../../src/search/index';

function value(text: string): string {
  const clause = parseSearchQuery(text).clauses[0] as SearchClause;
  if (clause.kind !== 'number' || clause.test.op !== 'eq') throw new Error('not a number eq');
  return clause.test.values[0] as string;
}

describe('memory converts to MiB; GB means GiB', () => {
  it.each([
    ['memory:512MB', '512'],
    ['memory:512MiB', '512'],
    ['memory:16GB', '16384'],
    ['memory:16GiB', '16384'],
    ['memory:16gb', '16384'],
    ['memory:16Gib', '16384'],
    ['memory:1TB', '1048576'],
    ['memory:1TiB', '1048576'],
    ['memory:1.5GB', '1536'],
    ['memory:0.3GB', '307.2'],
    ['memory:0GB', '0'],
  ])('%s = %s MiB', (text, mib) => {
    expect(value(text)).toBe(mib);
  });
});

describe('disk, GPU memory and traffic convert to GiB, bare numbers are GiB', () => {
  it.each([
    ['disk:500', '500'],
    ['disk:500GB', '500'],
    ['disk:500GiB', '500'],
    ['disk:1TB', '1024'],
    ['disk:1.1TB', '1126.4'],
    ['disk:2TiB', '2048'],
    ['disk:512MB', '0.5'],
    ['disk:1MiB', '0.0009765625'],
    ['gpu_memory:80GB', '80'],
    ['traffic:20TB', '20480'],
  ])('%s = %s GiB', (text, gib) => {
    expect(value(text)).toBe(gib);
  });
});

describe('bandwidth converts to Mbps', () => {
  it.each([
    ['bandwidth:100', '100'],
    ['bandwidth:100Mbps', '100'],
    ['bandwidth:100mbps', '100'],
    ['bandwidth:1Gbps', '1000'],
    ['bandwidth:2.5gbps', '2500'],
    ['bandwidth:0.001Gbps', '1'],
  ])('%s = %s Mbps', (text, mbps) => {
    expect(value(text)).toBe(mbps);
  });
});

describe('price is in major units with an optional currency', () => {
  it('reads the currency suffix in any case', () => {
    expect(parseSearchQuery('price:20eur').clauses[0]).toStrictEqual({
      kind: 'number',
      field: 'price',
      negated: false,
      test: { op: 'eq', values: ['20'] },
      currency: 'EUR',
    });
  });

  it('applies one currency to a whole range or list', () => {
    expect(parseSearchQuery('price:[10 TO 20EUR]').clauses[0]).toMatchObject({
      test: { op: 'range', min: '10', max: '20' },
      currency: 'EUR',
    });
    expect(parseSearchQuery('price:(10USD OR 20USD OR 30)').clauses[0]).toMatchObject({
      test: { op: 'eq', values: ['10', '20', '30'] },
      currency: 'USD',
    });
  });

  it('omits the currency key when none is written', () => {
    expect(parseSearchQuery('price:20').clauses[0]).not.toHaveProperty('currency');
  });

  it('keeps decimals exact', () => {
    expect(value('price:2.01')).toBe('2.01');
    expect(value('price:0.1')).toBe('0.1');
    expect(value('price:12345678901234567890.123')).toBe('12345678901234567890.123');
  });
});

describe('percent fields take an optional %', () => {
  it.each([
    ['uptime:99.9', '99.9'],
    ['uptime:99.9%', '99.9'],
    ['market:-15%', '-15'],
    ['trust:70', '70'],
  ])('%s = %s', (text, number) => {
    expect(value(text)).toBe(number);
  });
});
