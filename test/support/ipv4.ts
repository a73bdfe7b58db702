/** IPv4 address and CIDR arithmetic for NetworkPolicy ipBlocks. */

/** Parses a dotted-quad IPv4 address to an unsigned 32-bit number; undefined if it is not one. */
export function parseIPv4(address: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (!m) return undefined;
  const octets = m.slice(1).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  return octets.reduce((acc, o) => acc * 256 + o, 0);
}

/** Whether `cidr` is an IPv6 CIDR (contains a colon). */
export function isIPv6Cidr(cidr: string): boolean {
  return cidr.includes(':');
}

/**
 * Whether IPv4 `address` lies in `cidr` (`a.b.c.d/n`). IPv6 CIDRs never contain an IPv4 address.
 * Throws on malformed input, so that a typo in a policy cannot silently match nothing.
 */
export function cidrContains(cidr: string, address: string): boolean {
  if (isIPv6Cidr(cidr)) return false;
  const m = /^([^/]+)\/(\d{1,2})$/.exec(cidr);
  const network = m ? parseIPv4(m[1]) : undefined;
  const bits = m ? Number(m[2]) : NaN;
  if (network === undefined || !(bits >= 0 && bits <= 32)) throw new Error(`invalid IPv4 CIDR "${cidr}"`);
  const ip = parseIPv4(address);
  if (ip === undefined) throw new Error(`invalid IPv4 address "${address}"`);
  const size = 2 ** (32 - bits);
  return Math.floor(ip / size) === Math.floor(network / size);
}
