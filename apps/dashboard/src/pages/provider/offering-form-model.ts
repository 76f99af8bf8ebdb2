import type { Offering, OfferingPatch, STOCK_STATES, VISIBILITIES } from '@dc/client';
import { formatMoney, money, parseMoney } from '@dc/pricing';

/** The editable fields as the form holds them: text for inputs, booleans for checkboxes. */
export interface OfferingDraft {
  name: string;
  description: string;
  price_per_month: string;
  setup_fee: string;
  min_hours: string;
  max_hours: string;
  cpu_cores: string;
  memory_mib: string;
  disk_gib: string;
  bandwidth_mbps: string;
  country: string;
  city: string;
  os_images: string;
  response_sla_hours: string;
  stock: (typeof STOCK_STATES)[number];
  visibility: (typeof VISIBILITIES)[number];
  draft: boolean;
  auto_accept: boolean;
}

const decimal = (minor: number, currency: string) => formatMoney(money(BigInt(minor), currency));

/** The form's starting values: the offering as stored. */
export function draftOf(o: Offering): OfferingDraft {
  return {
    name: o.name,
    description: o.description,
    price_per_month: decimal(o.price_per_month, o.currency),
    setup_fee: decimal(o.setup_fee, o.currency),
    min_hours: String(o.min_hours),
    max_hours: o.max_hours === null ? '' : String(o.max_hours),
    cpu_cores: String(o.cpu_cores),
    memory_mib: String(o.memory_mib),
    disk_gib: String(o.disk_gib),
    bandwidth_mbps: String(o.bandwidth_mbps),
    country: o.country,
    city: o.city ?? '',
    os_images: o.os_images.join(', '),
    response_sla_hours: String(o.response_sla_hours),
    stock: o.stock,
    visibility: o.visibility,
    draft: o.draft,
    auto_accept: o.auto_accept,
  };
}

type Problems = Record<string, string>;

/**
 * The PATCH body for the form's values, or the fields whose text is not a number or an amount
 * (the schema and the API judge everything else, and say so per field).
 */
export function patchOf(
  d: OfferingDraft,
  currency: string,
): { patch: OfferingPatch; problems: Problems } {
  const problems: Problems = {};
  const whole = (field: keyof OfferingDraft, text: string): number => {
    if (!/^\d+$/.test(text.trim())) problems[field] = 'must be a whole number such as 4';
    return Number(text.trim());
  };
  const amount = (field: keyof OfferingDraft, text: string): number => {
    try {
      return Number(parseMoney(text.trim(), currency).amount);
    } catch {
      problems[field] = `must be an amount in ${currency} such as 10.00`;
      return 0;
    }
  };
  const patch: OfferingPatch = {
    name: d.name,
    description: d.description,
    price_per_month: amount('price_per_month', d.price_per_month),
    setup_fee: amount('setup_fee', d.setup_fee),
    min_hours: whole('min_hours', d.min_hours),
    max_hours: d.max_hours.trim() === '' ? null : whole('max_hours', d.max_hours),
    cpu_cores: whole('cpu_cores', d.cpu_cores),
    memory_mib: whole('memory_mib', d.memory_mib),
    disk_gib: whole('disk_gib', d.disk_gib),
    bandwidth_mbps: whole('bandwidth_mbps', d.bandwidth_mbps),
    country: d.country.trim().toUpperCase(),
    city: d.city.trim() === '' ? null : d.city.trim(),
    os_images: d.os_images
      .split(',')
      .map((image) => image.trim())
      .filter((image) => image !== ''),
    response_sla_hours: whole('response_sla_hours', d.response_sla_hours),
    stock: d.stock,
    visibility: d.visibility,
    draft: d.draft,
    auto_accept: d.auto_accept,
  };
  return { patch, problems };
}
