import { type Offering, ValidationError } from '@dc/client';
import { describe, expect, it } from 'vitest';
import { earningsPerDay } from '../../src/pages/provider/earnings-series';
import { apiFieldErrors } from '../../src/pages/provider/field-errors';
import { draftOf, patchOf } from '../../src/pages/provider/offering-form-model';
import { listingState } from '../../src/pages/provider/offering-state';

const OFFERING = {
  id: 'o1',
  slug: 'vps-s',
  name: 'VPS S',
  description: 'Small',
  currency: 'EUR',
  price_per_month: 450,
  setup_fee: 0,
  min_hours: 1,
  max_hours: null,
  cpu_cores: 2,
  memory_mib: 4096,
  disk_gib: 40,
  bandwidth_mbps: 1000,
  country: 'DE',
  city: null,
  os_images: ['debian-12', 'ubuntu-24.04'],
  response_sla_hours: 4,
  stock: 'in_stock',
  visibility: 'public',
  draft: false,
  auto_accept: true,
  listed: false,
  online: true,
} as unknown as Offering;

describe('the offering form', () => {
  it('sends back what it was given when nothing is edited', () => {
    const { patch, problems } = patchOf(draftOf(OFFERING), 'EUR');
    expect(problems).toEqual({});
    expect(patch).toMatchObject({
      price_per_month: 450,
      setup_fee: 0,
      max_hours: null,
      city: null,
      os_images: ['debian-12', 'ubuntu-24.04'],
      memory_mib: 4096,
    });
  });

  it('names each field whose text is not a number or an amount', () => {
    const draft = { ...draftOf(OFFERING), cpu_cores: 'two', price_per_month: '4.955' };
    expect(Object.keys(patchOf(draft, 'EUR').problems).sort()).toEqual([
      'cpu_cores',
      'price_per_month',
    ]);
  });

  it('says why an offering is not listed', () => {
    expect(listingState({ ...OFFERING, draft: true })).toBe('not listed: draft');
    expect(listingState({ ...OFFERING, stock: 'out_of_stock' })).toBe('not listed: out of stock');
    expect(listingState({ ...OFFERING, online: false })).toBe('not listed: no agent online');
    expect(listingState({ ...OFFERING, listed: true })).toBe('listed');
  });
});

describe("the API's field errors", () => {
  it('are keyed by field without the body root, several on one field joined', () => {
    const error = new ValidationError({
      type: 'about:blank',
      title: 'Validation failed',
      status: 422,
      code: 'validation_failed',
      errors: [
        { path: 'body.max_hours', message: 'must be >= min_hours' },
        { path: 'body.max_hours', message: 'must be at most 87600' },
        { path: 'body.instance.ipv4', message: 'Invalid IPv4 address' },
      ],
    });
    expect(apiFieldErrors(error)).toEqual({
      max_hours: 'must be >= min_hours; must be at most 87600',
      'instance.ipv4': 'Invalid IPv4 address',
    });
    expect(apiFieldErrors(new Error('offline'))).toEqual({});
  });
});

describe('earnings per day', () => {
  it('sums the entries of each UTC day per currency in major units, gaps left empty', () => {
    const entry = (accrued_at: string, currency: string, amount: number) =>
      ({ accrued_at, currency, amount }) as never;
    const { x, series } = earningsPerDay([
      entry('2026-11-30T23:59:00Z', 'EUR', 150),
      entry('2026-11-30T01:00:00Z', 'EUR', 50),
      entry('2026-11-29T12:00:00Z', 'USD', 1000),
    ]);
    expect(x).toEqual([Date.UTC(2026, 10, 29) / 1000, Date.UTC(2026, 10, 30) / 1000]);
    expect(series).toEqual([
      { label: 'EUR', values: [null, 2] },
      { label: 'USD', values: [10, null] },
    ]);
  });
});
