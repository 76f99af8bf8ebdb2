import type {
  WireDatacenter,
  WireImage,
  WireLocation,
  WirePricePerTime,
  WireServerType,
} from '../../../providers/hetzner/wire';

// A small copy of Hetzner's public catalogue (locations, server types, system images) with the
// real names, ids, sizes and where each type is sold, so validation paths meet real data.

const EU = ['fsn1', 'nbg1', 'hel1'];
const ALL = ['fsn1', 'nbg1', 'hel1', 'ash', 'hil', 'sin'];
const CREATED = '2024-01-01T00:00:00+00:00';

/** Hetzner Cloud locations. */
export const FAKE_LOCATIONS: readonly WireLocation[] = [
  {
    id: 1,
    name: 'fsn1',
    description: 'Falkenstein DC Park 1',
    country: 'DE',
    city: 'Falkenstein',
    latitude: 50.47612,
    longitude: 12.370071,
    network_zone: 'eu-central',
  },
  {
    id: 2,
    name: 'nbg1',
    description: 'Nuremberg DC Park 1',
    country: 'DE',
    city: 'Nuremberg',
    latitude: 49.452102,
    longitude: 11.076665,
    network_zone: 'eu-central',
  },
  {
    id: 3,
    name: 'hel1',
    description: 'Helsinki DC Park 1',
    country: 'FI',
    city: 'Helsinki',
    latitude: 60.169855,
    longitude: 24.938379,
    network_zone: 'eu-central',
  },
  {
    id: 4,
    name: 'ash',
    description: 'Ashburn, VA',
    country: 'US',
    city: 'Ashburn, VA',
    latitude: 39.045821,
    longitude: -77.487073,
    network_zone: 'us-east',
  },
  {
    id: 5,
    name: 'hil',
    description: 'Hillsboro, OR',
    country: 'US',
    city: 'Hillsboro, OR',
    latitude: 45.54222,
    longitude: -122.95161,
    network_zone: 'us-west',
  },
  {
    id: 6,
    name: 'sin',
    description: 'Singapore',
    country: 'SG',
    city: 'Singapore',
    latitude: 1.283333,
    longitude: 103.833333,
    network_zone: 'ap-southeast',
  },
];

const DATACENTER_NAMES: Readonly<Record<string, [number, string]>> = {
  fsn1: [4, 'fsn1-dc14'],
  nbg1: [2, 'nbg1-dc3'],
  hel1: [3, 'hel1-dc2'],
  ash: [5, 'ash-dc1'],
  hil: [6, 'hil-dc1'],
  sin: [7, 'sin-dc1'],
};

function prices(locations: readonly string[], monthly: number): WirePricePerTime[] {
  const price = (n: number) => ({ net: n.toFixed(4), gross: (n * 1.19).toFixed(4) });
  return locations.map((location) => ({
    location,
    price_hourly: price(monthly / 730),
    price_monthly: price(monthly),
    included_traffic:
      location === 'ash' || location === 'hil' || location === 'sin'
        ? 1099511627776
        : 21990232555520,
    price_per_tb_traffic: price(1),
  }));
}

function type(
  id: number,
  name: string,
  architecture: 'x86' | 'arm',
  cpu: 'shared' | 'dedicated',
  cores: number,
  memory: number,
  disk: number,
  locations: readonly string[],
  monthly: number,
  deprecated = false,
): WireServerType {
  return {
    id,
    name,
    description: name.toUpperCase(),
    cores,
    memory,
    disk,
    deprecated,
    deprecation: deprecated
      ? { announced: '2024-06-06T00:00:00+00:00', unavailable_after: '2099-09-06T00:00:00+00:00' }
      : null,
    prices: prices(locations, monthly),
    storage_type: 'local',
    cpu_type: cpu,
    architecture,
    included_traffic: null,
  };
}

/** Hetzner Cloud server types (memory and disk in GB, as the API gives them). */
export const FAKE_SERVER_TYPES: readonly WireServerType[] = [
  type(1, 'cx11', 'x86', 'shared', 1, 2, 20, EU, 3.29, true),
  type(22, 'cpx11', 'x86', 'shared', 2, 2, 40, ALL, 4.35),
  type(23, 'cpx21', 'x86', 'shared', 3, 4, 80, ALL, 7.55),
  type(24, 'cpx31', 'x86', 'shared', 4, 8, 160, ALL, 13.6),
  type(25, 'cpx41', 'x86', 'shared', 8, 16, 240, ALL, 25.2),
  type(26, 'cpx51', 'x86', 'shared', 16, 32, 360, ALL, 54.9),
  type(45, 'cax11', 'arm', 'shared', 2, 4, 40, EU, 3.79),
  type(93, 'cax21', 'arm', 'shared', 4, 8, 80, EU, 6.49),
  type(94, 'cax31', 'arm', 'shared', 8, 16, 160, EU, 12.49),
  type(95, 'cax41', 'arm', 'shared', 16, 32, 320, EU, 24.49),
  type(96, 'ccx13', 'x86', 'dedicated', 2, 8, 80, ALL, 12.49),
  type(97, 'ccx23', 'x86', 'dedicated', 4, 16, 160, ALL, 24.49),
  type(104, 'cx22', 'x86', 'shared', 2, 4, 40, EU, 3.79),
  type(105, 'cx32', 'x86', 'shared', 4, 8, 80, EU, 6.8),
  type(106, 'cx42', 'x86', 'shared', 8, 16, 160, EU, 16.4),
  type(107, 'cx52', 'x86', 'shared', 16, 32, 320, EU, 32.4),
];

function image(
  id: number,
  name: string,
  architecture: 'x86' | 'arm',
  flavor: string,
  version: string,
  kind: 'system' | 'app' = 'system',
): WireImage {
  return {
    id,
    type: kind,
    status: 'available',
    name,
    description: `${flavor[0]?.toUpperCase()}${flavor.slice(1)} ${version}`,
    image_size: null,
    disk_size: 5,
    created: CREATED,
    created_from: null,
    bound_to: null,
    os_flavor: flavor,
    os_version: version,
    rapid_deploy: true,
    protection: { delete: false },
    deprecated: null,
    deleted: null,
    labels: {},
    architecture,
  };
}

/** Public images; system images exist once per architecture under one name, like Hetzner's. */
export const FAKE_IMAGES: readonly WireImage[] = [
  image(67794396, 'ubuntu-22.04', 'x86', 'ubuntu', '22.04'),
  image(103907373, 'ubuntu-22.04', 'arm', 'ubuntu', '22.04'),
  image(161547269, 'ubuntu-24.04', 'x86', 'ubuntu', '24.04'),
  image(161547270, 'ubuntu-24.04', 'arm', 'ubuntu', '24.04'),
  image(114690387, 'debian-12', 'x86', 'debian', '12'),
  image(114690389, 'debian-12', 'arm', 'debian', '12'),
  image(76766499, 'rocky-9', 'x86', 'rocky', '9'),
  image(40093247, 'docker-ce', 'x86', 'ubuntu', '24.04', 'app'),
];

/** The datacenter a server in `location` is placed in. */
export function fakeDatacenter(location: WireLocation): WireDatacenter {
  const [id, name] = DATACENTER_NAMES[location.name] ?? [99, `${location.name}-dc1`];
  const sold = FAKE_SERVER_TYPES.filter((t) =>
    t.prices.some((p) => p.location === location.name),
  ).map((t) => t.id);
  return {
    id,
    name,
    description: `${location.city} virtual DC`,
    location,
    server_types: { supported: sold, available: sold, available_for_migration: sold },
  };
}
