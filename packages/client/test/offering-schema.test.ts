import { describe, expect, it } from 'vitest';
import { COUNTRY_CODES, OfferingInput, OfferingPatch, regionOfCountry } from '../src/index';

const valid = {
  slug: 'gpu-box-1',
  name: 'GPU box',
  product_type: 'gpu',
  virtualization: 'kvm',
  currency: 'EUR',
  price_per_month: 9900,
  cpu_cores: 8,
  memory_mib: 32768,
  disk_gib: 200,
  disk_kind: 'nvme',
  gpu_model: 'RTX 4090',
  gpu_count: 1,
  bandwidth_mbps: 1000,
  country: 'DE',
  provisioner: 'proxmox',
  os_images: ['ubuntu-24.04'],
} as const;

describe('OfferingInput', () => {
  it('fills documented defaults', () => {
    const offering = OfferingInput.parse(valid);
    expect(offering).toMatchObject({
      draft: true,
      visibility: 'public',
      setup_fee: 0,
      min_hours: 1,
      ipv4: true,
    });
  });

  it('reports every bad field at once with its path', () => {
    const result = OfferingInput.safeParse({
      ...valid,
      price_per_month: 12.5,
      currency: 'eur',
      country: 'XX',
      memory_mib: '32GB',
      colour: 'red',
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join('.') || issue.message) ?? [];
    expect(paths).toEqual(
      expect.arrayContaining(['price_per_month', 'currency', 'country', 'memory_mib']),
    );
    expect(JSON.stringify(result.error?.issues)).toContain('colour');
  });

  it('checks rules that span fields', () => {
    const issues = (input: object) =>
      OfferingInput.safeParse({ ...valid, ...input }).error?.issues.map((issue) =>
        issue.path.join('.'),
      );
    expect(issues({ min_hours: 10, max_hours: 5 })).toEqual(['max_hours']);
    expect(issues({ gpu_count: 0 })).toEqual(['gpu_count']);
    expect(issues({ allowed_accounts: ['bob'] })).toEqual(['allowed_accounts']);
    expect(issues({ post_provision_script: 'é'.repeat(40_000) })).toEqual([
      'post_provision_script',
    ]);
  });
});

describe('OfferingPatch', () => {
  it('leaves out what the caller left out (no defaults creep into an update)', () => {
    expect(OfferingPatch.parse({ name: 'New name' })).toEqual({ name: 'New name' });
  });
  it('still validates the fields it is given', () => {
    expect(OfferingPatch.safeParse({ price_per_month: -1 }).success).toBe(false);
    expect(OfferingPatch.safeParse({ nickname: 'x' }).success).toBe(false);
  });
});

describe('regions', () => {
  it('derives a region for all 249 ISO 3166-1 countries', () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    for (const code of COUNTRY_CODES) expect(regionOfCountry(code)).toBeDefined();
    expect(regionOfCountry('DE')).toBe('europe');
    expect(regionOfCountry('US')).toBe('north_america');
    expect(regionOfCountry('BR')).toBe('latin_america');
    expect(regionOfCountry('KZ')).toBe('cis');
    expect(regionOfCountry('ZZ')).toBeUndefined();
  });
});
