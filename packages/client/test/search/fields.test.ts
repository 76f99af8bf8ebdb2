// The catalogue is the only source of column names for the SQL translation; pin it.

import { describe, expect, it } from 'vitest';
import {
  SEARCH_FIELD_NAMES,
  SEARCH_FIELDS,
  SEARCH_MAX_PAGE_SIZE,
  SearchSort,
} from '../../src/search/index';

describe('SEARCH_FIELDS', () => {
  it('maps every DSL field of spec §2 to its kind and offerings column', () => {
    const summary = Object.fromEntries(
      SEARCH_FIELD_NAMES.map((name) => [
        name,
        `${SEARCH_FIELDS[name].kind} ${SEARCH_FIELDS[name].column}`,
      ]),
    );
    expect(summary).toStrictEqual({
      name: 'text name',
      description: 'text description',
      cpu: 'text cpu_model',
      gpu: 'text gpu_model',
      city: 'text city',
      type: 'enum product_type',
      stock: 'enum stock',
      country: 'enum country',
      region: 'enum region',
      currency: 'enum currency',
      virt: 'enum virtualization',
      arch: 'enum cpu_arch',
      disk_kind: 'enum disk_kind',
      price: 'number price_major',
      cores: 'number cpu_cores',
      memory: 'number memory_mib',
      disk: 'number disk_gib',
      gpu_count: 'number gpu_count',
      gpu_memory: 'number gpu_memory_gib',
      bandwidth: 'number bandwidth_mbps',
      traffic: 'number traffic_gib_per_month',
      min_hours: 'number min_hours',
      max_hours: 'number max_hours',
      trust: 'number trust_score',
      uptime: 'number uptime_30d',
      market: 'number market_delta_pct',
      ipv4: 'boolean ipv4',
      ipv6: 'boolean ipv6',
      unmetered: 'boolean traffic_gib_per_month',
      online: 'boolean online',
    });
  });

  it('uses only plain identifiers as column names', () => {
    for (const name of SEARCH_FIELD_NAMES) {
      expect(SEARCH_FIELDS[name].column).toMatch(/^[a-z][a-z0-9_]*$/);
    }
  });
});

describe('SearchSort', () => {
  it('accepts exactly the sorts of spec §2', () => {
    expect(SearchSort.options).toStrictEqual(['price', '-price', 'trust', '-uptime', 'newest']);
    expect(SearchSort.safeParse('-newest').success).toBe(false);
    expect(SearchSort.safeParse('uptime').success).toBe(false);
  });

  it('caps pages at 100', () => {
    expect(SEARCH_MAX_PAGE_SIZE).toBe(100);
  });
});
