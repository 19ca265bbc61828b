// Which network addresses the tool may reach a platform at (SPEC §18): public unicast addresses only, and
// loopback when LTI_ALLOW_LOOPBACK=1. An address of the tool's own network must never be reachable through a URL
// an LMS (or someone holding the registration key) hands the tool.
import { BlockList, isIP } from 'node:net';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** Never a platform's address. IPv4 rules also hold for the IPv4-mapped IPv6 forms (`::ffff:10.0.0.5`). */
const NEVER = new BlockList();
const IPV4_RANGES: [string, number][] = [
  ['0.0.0.0', 8], // unspecified, "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['169.254.0.0', 16], // link-local, cloud metadata services
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];
const IPV6_RANGES: [string, number][] = [
  ['::', 96], // unspecified and the IPv4-compatible forms (`::1`, loopback, is checked first)
  ['64:ff9b::', 96], // NAT64: an IPv4 address the tool cannot check behind it
  ['64:ff9b:1::', 48], // local-use NAT64
  ['2002::', 16], // 6to4: likewise
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];
for (const [network, prefix] of IPV4_RANGES) NEVER.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of IPV6_RANGES) NEVER.addSubnet(network, prefix, 'ipv6');

/** Why an address is refused, or undefined when the tool may connect to it. */
export function refusedAddress(address: string, allowLoopback: boolean): string | undefined {
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (LOOPBACK.check(address, type)) return allowLoopback ? undefined : `${address} is a loopback address`;
  if (NEVER.check(address, type)) return `${address} is not a public address`;
  return undefined;
}

/** A URL's host name as an address or a name to resolve: IPv6 literals lose their brackets. */
export const bareHost = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1');
