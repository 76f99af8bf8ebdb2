import { BlockList, isIP } from 'node:net';

/**
 * Addresses that are not on the public internet: loopback, private, link-local, carrier-grade
 * NAT, documentation, benchmarking, multicast and reserved ranges (IANA special-purpose
 * registries). The prober never connects there unless told to, so a provider cannot point it at
 * the platform's own network.
 */
const NOT_PUBLIC = (() => {
  const list = new BlockList();
  for (const [network, prefix] of [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ] as const) {
    list.addSubnet(network, prefix, 'ipv4');
  }
  // No ::ffff:0:0/96 here: BlockList would match every IPv4 address against it. A mapped
  // address is judged as the IPv4 address it carries (isPublicAddress).
  for (const [network, prefix] of [
    ['::', 128],
    ['::1', 128],
    ['64:ff9b:1::', 48],
    ['100::', 64],
    ['2001:db8::', 32],
    ['fc00::', 7],
    ['fe80::', 10],
    ['ff00::', 8],
  ] as const) {
    list.addSubnet(network, prefix, 'ipv6');
  }
  return list;
})();

/** True for an IP literal on the public internet (see {@link NOT_PUBLIC}). */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 6 && address.toLowerCase().startsWith('::ffff:')) {
    // An IPv4-mapped address is judged as the IPv4 address it carries.
    const inner = address.slice(7);
    return isIP(inner) === 4 && !NOT_PUBLIC.check(inner, 'ipv4');
  }
  return !NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Where to probe a contract's SSH port. */
export interface ProbeTarget {
  readonly host: string;
  readonly port: number;
}

/** `host:port`, with brackets around an IPv6 literal. */
export function targetLabel(target: ProbeTarget): string {
  return isIP(target.host) === 6
    ? `[${target.host}]:${target.port}`
    : `${target.host}:${target.port}`;
}

const field = (instance: Record<string, unknown>, name: string): string | null => {
  const value = instance[name];
  return typeof value === 'string' && value.length > 0 ? value : null;
};

/**
 * The address and SSH port to probe from a contract's stored `instance` (the agent's report:
 * `ipv4`, `ipv6`, `ssh_port`, default 22), or null when it has no public address. IPv4 is
 * preferred; with `allowPrivate` (tests, private deployments) any address is accepted.
 */
export function probeTargetOf(instance: unknown, allowPrivate: boolean): ProbeTarget | null {
  if (typeof instance !== 'object' || instance === null) return null;
  const record = instance as Record<string, unknown>;
  const rawPort = record['ssh_port'];
  const port =
    typeof rawPort === 'number' && Number.isInteger(rawPort) && rawPort >= 1 && rawPort <= 65_535
      ? rawPort
      : 22;
  for (const host of [field(record, 'ipv4'), field(record, 'ipv6')]) {
    if (host !== null && isIP(host) !== 0 && (allowPrivate || isPublicAddress(host))) {
      return { host, port };
    }
  }
  return null;
}
