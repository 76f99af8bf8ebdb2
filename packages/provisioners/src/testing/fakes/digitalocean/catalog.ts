import type { DoRegion, DoSize } from '../../../providers/digitalocean/wire';

/** Sizes the fake sells (a slice of DigitalOcean's basic droplets). */
export const FAKE_DO_SIZES: readonly DoSize[] = [
  {
    slug: 's-1vcpu-1gb',
    memory: 1024,
    vcpus: 1,
    disk: 25,
    price_monthly: 6,
    available: true,
    regions: ['fra1', 'nyc3', 'ams3'],
  },
  {
    slug: 's-1vcpu-2gb',
    memory: 2048,
    vcpus: 1,
    disk: 50,
    price_monthly: 12,
    available: true,
    regions: ['fra1', 'nyc3', 'ams3'],
  },
  {
    slug: 's-2vcpu-2gb',
    memory: 2048,
    vcpus: 2,
    disk: 60,
    price_monthly: 18,
    available: true,
    regions: ['fra1', 'nyc3'],
  },
  {
    slug: 's-2vcpu-4gb',
    memory: 4096,
    vcpus: 2,
    disk: 80,
    price_monthly: 24,
    available: true,
    regions: ['fra1', 'nyc3'],
  },
  {
    slug: 's-4vcpu-8gb',
    memory: 8192,
    vcpus: 4,
    disk: 160,
    price_monthly: 48,
    available: true,
    regions: ['nyc3'],
  },
];

/** Regions of the fake; `sgp1` accepts no new droplets. */
export const FAKE_DO_REGIONS: readonly DoRegion[] = [
  {
    slug: 'fra1',
    name: 'Frankfurt 1',
    available: true,
    sizes: ['s-1vcpu-1gb', 's-1vcpu-2gb', 's-2vcpu-2gb', 's-2vcpu-4gb'],
    features: ['backups', 'ipv6', 'metadata'],
  },
  {
    slug: 'nyc3',
    name: 'New York 3',
    available: true,
    sizes: FAKE_DO_SIZES.map((s) => s.slug),
    features: ['backups', 'ipv6', 'metadata'],
  },
  {
    slug: 'ams3',
    name: 'Amsterdam 3',
    available: true,
    sizes: ['s-1vcpu-1gb', 's-1vcpu-2gb'],
    features: ['backups', 'ipv6', 'metadata'],
  },
  { slug: 'sgp1', name: 'Singapore 1', available: false, sizes: [], features: [] },
];

/** Public images of the fake, by slug. */
export const FAKE_DO_IMAGES = [
  { id: 160_000_001, slug: 'ubuntu-24-04-x64', name: '24.04 (LTS) x64', distribution: 'Ubuntu' },
  { id: 160_000_002, slug: 'debian-12-x64', name: '12 x64', distribution: 'Debian' },
] as const;
