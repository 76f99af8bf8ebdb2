import type { VultrOs, VultrPlan } from '../../../providers/vultr/wire';

/** Plans of the fake (a slice of Vultr's cloud compute plans). */
export const FAKE_VULTR_PLANS: readonly VultrPlan[] = [
  {
    id: 'vc2-1c-1gb',
    vcpu_count: 1,
    ram: 1024,
    disk: 25,
    disk_count: 1,
    bandwidth: 1024,
    monthly_cost: 5,
    type: 'vc2',
    locations: ['ewr', 'fra', 'ams'],
  },
  {
    id: 'vc2-1c-2gb',
    vcpu_count: 1,
    ram: 2048,
    disk: 55,
    disk_count: 1,
    bandwidth: 2048,
    monthly_cost: 10,
    type: 'vc2',
    locations: ['ewr', 'fra', 'ams'],
  },
  {
    id: 'vc2-2c-4gb',
    vcpu_count: 2,
    ram: 4096,
    disk: 80,
    disk_count: 1,
    bandwidth: 3072,
    monthly_cost: 20,
    type: 'vc2',
    locations: ['ewr', 'fra'],
  },
  {
    id: 'vc2-4c-8gb',
    vcpu_count: 4,
    ram: 8192,
    disk: 160,
    disk_count: 1,
    bandwidth: 4096,
    monthly_cost: 40,
    type: 'vc2',
    locations: ['ewr', 'fra'],
  },
  {
    id: 'vhf-2c-4gb',
    vcpu_count: 2,
    ram: 4096,
    disk: 128,
    disk_count: 1,
    bandwidth: 3072,
    monthly_cost: 24,
    type: 'vhf',
    locations: ['ewr'],
  },
];

/**
 * What each region has in stock (`GET /v2/regions/{id}/availability`). In `fra` the 4-core plan
 * is sold but out of stock; `ams` never sells 2 cores and up.
 */
export const FAKE_VULTR_AVAILABILITY: Readonly<Record<string, readonly string[]>> = {
  ewr: ['vc2-1c-1gb', 'vc2-1c-2gb', 'vc2-2c-4gb', 'vc2-4c-8gb', 'vhf-2c-4gb'],
  fra: ['vc2-1c-1gb', 'vc2-1c-2gb', 'vc2-2c-4gb'],
  ams: ['vc2-1c-1gb', 'vc2-1c-2gb'],
};

/** Operating systems of the fake. */
export const FAKE_VULTR_OS: readonly VultrOs[] = [
  { id: 2284, name: 'Ubuntu 24.04 LTS x64', arch: 'x64', family: 'ubuntu' },
  { id: 2136, name: 'Debian 12 x64 (bookworm)', arch: 'x64', family: 'debian' },
  { id: 1743, name: 'Ubuntu 22.04 LTS x64', arch: 'x64', family: 'ubuntu' },
];
