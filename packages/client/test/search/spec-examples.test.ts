// The queries spec §2 says "must work", each with the exact tree it must give.

import { describe, expect, it } from 'vitest';
import { parseSearchQuery, printSearchQuery, type SearchQuery } from '../../src/search/index';

const EXAMPLES: readonly [string, SearchQuery][] = [
  [
    'type:gpu price:<=100 country:US',
    {
      clauses: [
        { kind: 'enum', field: 'type', negated: false, values: ['gpu'] },
        { kind: 'number', field: 'price', negated: false, test: { op: '<=', value: '100' } },
        { kind: 'enum', field: 'country', negated: false, values: ['US'] },
      ],
    },
  ],
  [
    'type:(gpu OR compute) price:[50 TO 500] cores:>=8 !stock:out_of_stock country:(US OR DE)',
    {
      clauses: [
        { kind: 'enum', field: 'type', negated: false, values: ['gpu', 'compute'] },
        {
          kind: 'number',
          field: 'price',
          negated: false,
          test: { op: 'range', min: '50', max: '500' },
        },
        { kind: 'number', field: 'cores', negated: false, test: { op: '>=', value: '8' } },
        { kind: 'enum', field: 'stock', negated: true, values: ['out_of_stock'] },
        { kind: 'enum', field: 'country', negated: false, values: ['US', 'DE'] },
      ],
    },
  ],
  [
    '-country:CN trust:>=70',
    {
      clauses: [
        { kind: 'enum', field: 'country', negated: true, values: ['CN'] },
        { kind: 'number', field: 'trust', negated: false, test: { op: '>=', value: '70' } },
      ],
    },
  ],
  [
    'city:"New York" memory:>=32GB',
    {
      clauses: [
        { kind: 'text', field: 'city', negated: false, values: ['New York'] },
        // 32 GB = 32 GiB = 32768 MiB, the unit of memory_mib.
        { kind: 'number', field: 'memory', negated: false, test: { op: '>=', value: '32768' } },
      ],
    },
  ],
  // The unit examples of the spec's bullet list.
  [
    'memory:>=16GB disk:>=1TB bandwidth:>=1Gbps price:<=20 price:<=20EUR market:<=0',
    {
      clauses: [
        { kind: 'number', field: 'memory', negated: false, test: { op: '>=', value: '16384' } },
        { kind: 'number', field: 'disk', negated: false, test: { op: '>=', value: '1024' } },
        { kind: 'number', field: 'bandwidth', negated: false, test: { op: '>=', value: '1000' } },
        { kind: 'number', field: 'price', negated: false, test: { op: '<=', value: '20' } },
        {
          kind: 'number',
          field: 'price',
          negated: false,
          test: { op: '<=', value: '20' },
          currency: 'EUR',
        },
        { kind: 'number', field: 'market', negated: false, test: { op: '<=', value: '0' } },
      ],
    },
  ],
  ['', { clauses: [] }],
];

describe('every example of spec §2 parses to the expected tree', () => {
  it.each(EXAMPLES)('%s', (text, expected) => {
    expect(parseSearchQuery(text)).toStrictEqual(expected);
  });

  it.each(EXAMPLES)('%s survives print then parse', (text) => {
    const query = parseSearchQuery(text);
    expect(parseSearchQuery(printSearchQuery(query))).toStrictEqual(query);
  });
});
