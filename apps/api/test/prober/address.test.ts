import { describe, expect, it } from 'vitest';
import { isPublicAddress, probeTargetOf, targetLabel } from '../../src/prober/address';

describe('what the prober may connect to', () => {
  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '95.216.0.1',
    '2606:4700:4700::1111',
    '2a01:4f8::1',
    '::ffff:8.8.8.8',
  ])('%s is public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '192.0.2.10',
    '198.51.100.7',
    '203.0.113.1',
    '198.18.0.1',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fd00::1',
    'fe80::1',
    '2001:db8::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    'example.com',
    '',
  ])('%s is not', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it('takes the IPv4 address, else the IPv6 one, and the SSH port (22 by default)', () => {
    expect(probeTargetOf({ ipv4: '8.8.8.8', ipv6: '2606:4700::1', ssh_port: 2222 }, false)).toEqual(
      { host: '8.8.8.8', port: 2222 },
    );
    expect(probeTargetOf({ ipv4: '10.0.0.1', ipv6: '2606:4700::1' }, false)).toEqual({
      host: '2606:4700::1',
      port: 22,
    });
    expect(probeTargetOf({ ipv4: null, ipv6: null, hostname: 'vps.example.com' }, false)).toBe(
      null,
    );
    expect(probeTargetOf({ ipv4: '127.0.0.1', ssh_port: 40022 }, false)).toBe(null);
    expect(probeTargetOf({ ipv4: '127.0.0.1', ssh_port: 40022 }, true)).toEqual({
      host: '127.0.0.1',
      port: 40022,
    });
    expect(probeTargetOf(null, true)).toBe(null);
    expect(targetLabel({ host: '2606:4700::1', port: 22 })).toBe('[2606:4700::1]:22');
  });
});
