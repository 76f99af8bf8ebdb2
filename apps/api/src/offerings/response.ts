import type { Offering, OfferingValues } from '@dc/client';
import type { OfferingRow, OfferingView } from './store';

const toNumber = (value: bigint | number) => Number(value);
const toNullableNumber = (value: bigint | number | null) => (value === null ? null : Number(value));
/** numeric columns: a string from PostgreSQL, possibly a number from PGlite. */
const decimal = (value: string | number | null) => (value === null ? null : Number(value));

/**
 * The provider-written values of a stored offering, in the shape `OfferingInput` outputs: what
 * an update merges a patch into, what a duplicate copies, what CSV export writes.
 */
export function offeringValuesOf(
  row: OfferingRow,
  allowedAccounts: readonly string[],
): OfferingValues {
  return {
    slug: row.slug,
    name: row.name,
    description: row.description,
    product_page_url: row.product_page_url,
    product_type: row.product_type as OfferingValues['product_type'],
    virtualization: row.virtualization as OfferingValues['virtualization'],
    visibility: row.visibility as OfferingValues['visibility'],
    stock: row.stock as OfferingValues['stock'],
    draft: row.draft,
    currency: row.currency,
    price_per_month: toNumber(row.price_per_month),
    setup_fee: toNumber(row.setup_fee),
    min_hours: row.min_hours,
    max_hours: row.max_hours,
    cpu_cores: row.cpu_cores,
    cpu_model: row.cpu_model,
    cpu_arch: row.cpu_arch as OfferingValues['cpu_arch'],
    memory_mib: toNumber(row.memory_mib),
    disk_gib: toNumber(row.disk_gib),
    disk_kind: row.disk_kind as OfferingValues['disk_kind'],
    gpu_model: row.gpu_model,
    gpu_count: row.gpu_count,
    gpu_memory_gib: row.gpu_memory_gib,
    bandwidth_mbps: row.bandwidth_mbps,
    traffic_gib_per_month: toNullableNumber(row.traffic_gib_per_month),
    ipv4: row.ipv4,
    ipv6: row.ipv6,
    country: row.country,
    city: row.city,
    provisioner: row.provisioner,
    provisioner_config: (row.provisioner_config ?? {}) as Record<string, unknown>,
    pool_id: row.pool_id,
    os_images: [...row.os_images],
    post_provision_script: row.post_provision_script,
    allowed_accounts: [...allowedAccounts],
    auto_accept: row.auto_accept,
    auto_accept_min_hours: row.auto_accept_min_hours,
    auto_accept_max_hours: row.auto_accept_max_hours,
    auto_accept_renters: [...row.auto_accept_renters],
    response_sla_hours: row.response_sla_hours,
  };
}

/** Who is looking at an offering: its provider, or anyone else (a renter, the public). */
export type OfferingViewer = 'owner' | 'other';

/**
 * An offering as the API returns it.
 *
 * What a non-owner sees differs in two fields, on purpose:
 * - `provisioner_config` is `{}`: it is the provider's internal wiring (server types, template
 *   ids, storage names) and says nothing a renter decides on.
 * - `allowed_accounts` and `auto_accept_renters` are `[]`: they name the provider's other
 *   customers.
 * `post_provision_script` stays visible to everyone: it runs on the renter's server, so the
 * renter must be able to read it before renting.
 */
export function offeringToResponse(
  view: OfferingView,
  allowedAccounts: readonly string[],
  viewer: OfferingViewer,
): Offering {
  const owner = viewer === 'owner';
  const values = offeringValuesOf(view, owner ? allowedAccounts : []);
  return {
    ...values,
    provisioner_config: owner ? values.provisioner_config : {},
    // Like the allow-list, the auto-accept renters name the provider's other customers.
    auto_accept_renters: owner ? values.auto_accept_renters : [],
    id: view.id,
    provider_id: view.provider_id,
    provider_username: view.provider_username,
    region: view.region as Offering['region'],
    listed:
      view.deleted_at === null &&
      !view.draft &&
      view.visibility === 'public' &&
      view.stock === 'in_stock' &&
      view.online,
    online: view.online,
    trust_score: decimal(view.trust_score),
    uptime_30d: decimal(view.uptime_30d),
    market_delta_pct: decimal(view.market_delta_pct),
    created_at: view.created_at.toISOString(),
    updated_at: view.updated_at.toISOString(),
  };
}
