// The canonical text of a query: what the dashboard puts in the URL and saved searches.

import { describe, expect, it } from 'vitest';
import { parseSearchQuery, printSearchQuery } from '../../src/search/index';

describe('printSearchQuery writes canonical text', () => {
  it.each([
    ['', ''],
    ['type:GPU AND Country:us', 'type:gpu country:US'],
    ['!stock:out_of_stock', '-stock:out_of_stock'],
    ['type:( gpu or compute )', 'type:(gpu OR compute)'],
    ['type:(gpu)', 'type:gpu'],
    ['price:[ 50 to 500.50 ]', 'price:[50 TO 500.5]'],
    ['price:<=20eur', 'price:<=20EUR'],
    ['price:[10 TO 20EUR]', 'price:[10EUR TO 20EUR]'],
    ['memory:>=16GB', 'memory:>=16GiB'],
    ['memory:>=16384MB', 'memory:>=16GiB'],
    ['memory:>=1024GB', 'memory:>=1TiB'],
    ['memory:>=1.5GB', 'memory:>=1536MiB'],
    ['memory:0.3GB', 'memory:0.3GiB'],
    ['memory:0MB', 'memory:0GiB'],
    ['disk:>=1.1TB', 'disk:>=1126.4GiB'],
    ['disk:>=0.5', 'disk:>=512MiB'],
    ['disk:2048', 'disk:2TiB'],
    ['bandwidth:>=1000', 'bandwidth:>=1Gbps'],
    ['bandwidth:>=1500Mbps', 'bandwidth:>=1500Mbps'],
    ['uptime:>=99.90%', 'uptime:>=99.9'],
    ['market:<=-0', 'market:<=0'],
    ['ipv6:yes online:NO', 'ipv6:true online:false'],
    ['city:"New York"', 'city:"New York"'],
    ['city:"Paris"', 'city:Paris'],
    ['name:"say \\"hi\\""', 'name:"say \\"hi\\""'],
    // A backslash is literal in a bare word, so it needs no quotes.
    ['name:"a\\\\"', 'name:a\\'],
    ['name:"x:y"', 'name:"x:y"'],
    ['name:"(beta)"', 'name:"(beta)"'],
    ['name:"a<b"', 'name:"a<b"'],
    ['name:"or"', 'name:"or"'],
    ['name:-beta', 'name:-beta'],
    ['cpu:(epyc OR "xeon gold")', 'cpu:(epyc OR "xeon gold")'],
  ])('%s -> %s', (text, canonical) => {
    const printed = printSearchQuery(parseSearchQuery(text));
    expect(printed).toBe(canonical);
    expect(parseSearchQuery(printed)).toStrictEqual(parseSearchQuery(text));
  });
});
