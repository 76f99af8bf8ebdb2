import type { OfferingInput, PutProviderProfileParameters } from '@dc/client';

type ProviderProfileBody = PutProviderProfileParameters['body'];

/** The sandbox pool's name; its region is Europe, like the fake cloud's default location. */
export const SANDBOX_POOL = { name: 'local-sandbox', region: 'europe', country: 'DE' } as const;

/** The sandbox provider's public profile. */
export const SANDBOX_PROVIDER_PROFILE: ProviderProfileBody = {
  legal_name: 'Local sandbox provider (not a real company)',
  display_name: 'Local sandbox provider',
  website: null,
  country: 'DE',
  support_email: 'sandbox-provider@localhost.invalid',
  support_policy: {
    response_hours: 4,
    channels: ['email'],
    hours: 'Whenever your local sandbox runs',
  },
};

/** Test money credited to the sandbox renter once: EUR 500.00. */
export const SANDBOX_CREDIT = { currency: 'EUR', amount: 50_000 } as const;

const DESCRIPTION =
  'A server on the local sandbox cloud (a fake Hetzner Cloud running inside pnpm start): it is created and deleted like a real one, but it does not exist, nobody can log in to it, and it costs only sandbox test money.';

/** What differs between the sandbox offerings; the rest is {@link sandboxOffering}. */
interface Plan {
  readonly slug: string;
  readonly name: string;
  readonly price: number;
  readonly cores: number;
  readonly memoryGib: number;
  readonly diskGib: number;
  readonly arch?: 'x86_64' | 'arm64';
  readonly productType?: 'compute' | 'dedicated';
  readonly cpuModel?: string;
}

// Sizes of Hetzner's own types, so the agent's provisioner picks a matching fake server type
// (cx22, cx32, cx42, cax21, ccx13); prices in euro cents a month.
const PLANS: readonly Plan[] = [
  {
    slug: 'sandbox-vps-s',
    name: 'VPS S (local sandbox)',
    price: 450,
    cores: 2,
    memoryGib: 4,
    diskGib: 40,
  },
  {
    slug: 'sandbox-vps-m',
    name: 'VPS M (local sandbox)',
    price: 790,
    cores: 4,
    memoryGib: 8,
    diskGib: 80,
  },
  {
    slug: 'sandbox-vps-l',
    name: 'VPS L (local sandbox)',
    price: 1790,
    cores: 8,
    memoryGib: 16,
    diskGib: 160,
  },
  {
    slug: 'sandbox-arm-m',
    name: 'ARM VPS M (local sandbox)',
    price: 690,
    cores: 4,
    memoryGib: 8,
    diskGib: 80,
    arch: 'arm64',
    cpuModel: 'Ampere Altra',
  },
  {
    slug: 'sandbox-dedicated-s',
    name: 'Dedicated vCPU S (local sandbox)',
    price: 1390,
    cores: 2,
    memoryGib: 8,
    diskGib: 80,
    productType: 'dedicated',
    cpuModel: 'AMD EPYC',
  },
];

function sandboxOffering(plan: Plan, poolId: string): OfferingInput {
  return {
    slug: plan.slug,
    name: plan.name,
    description: DESCRIPTION,
    product_type: plan.productType ?? 'compute',
    virtualization: 'kvm',
    draft: false,
    currency: 'EUR',
    price_per_month: plan.price,
    cpu_cores: plan.cores,
    cpu_arch: plan.arch ?? 'x86_64',
    cpu_model: plan.cpuModel ?? null,
    memory_mib: plan.memoryGib * 1024,
    disk_gib: plan.diskGib,
    disk_kind: 'nvme',
    bandwidth_mbps: 1000,
    traffic_gib_per_month: 20_480,
    ipv4: true,
    ipv6: true,
    country: 'DE',
    city: 'Falkenstein',
    provisioner: 'hetzner',
    provisioner_config: {},
    pool_id: poolId,
    os_images: ['debian-12', 'ubuntu-24.04', 'ubuntu-22.04'],
    auto_accept: true,
    response_sla_hours: 4,
  };
}

/** The offerings the sandbox provider publishes, served by the sandbox pool's agent. */
export function sandboxOfferings(poolId: string): OfferingInput[] {
  return PLANS.map((plan) => sandboxOffering(plan, poolId));
}
