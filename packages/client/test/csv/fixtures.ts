import { offeringsToCsv } from '../../src/csv/index';
import { OfferingInput, type OfferingValues } from '../../src/schemas/offering';

/** A valid offering (as `OfferingInput` outputs it) with `overrides` applied. */
export function offering(overrides: Partial<OfferingInput> = {}): OfferingValues {
  return OfferingInput.parse({
    slug: 'cx22-fsn1',
    name: 'CX22 Falkenstein',
    product_type: 'compute',
    virtualization: 'kvm',
    currency: 'EUR',
    price_per_month: 450,
    cpu_cores: 2,
    memory_mib: 4096,
    disk_gib: 40,
    disk_kind: 'nvme',
    bandwidth_mbps: 1000,
    country: 'DE',
    provisioner: 'hetzner',
    provisioner_config: { server_type: 'cx22', location: 'fsn1' },
    os_images: ['ubuntu-24.04', 'debian-12'],
    ...overrides,
  });
}

/** `offeringsToCsv` of `offerings` as lines of cells, for tests that edit a cell. */
export function csvLines(offerings: readonly OfferingValues[]): string[] {
  return offeringsToCsv(offerings).split('\r\n');
}

/** A small CSV from a header and rows of already-written cells, joined with commas and LF. */
export function csvOf(header: readonly string[], ...rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((cells) => cells.join(',')).join('\n');
}
