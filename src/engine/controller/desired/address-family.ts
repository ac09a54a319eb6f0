/** 4 or 6, from the textual form of an address or CIDR. */
export function familyOf(addressOrCidr: string): 4 | 6 {
  return addressOrCidr.includes(':') ? 6 : 4;
}

/** The OVN match field prefix for a family: `ip4` / `ip6`. */
export function matchField(family: 4 | 6): 'ip4' | 'ip6' {
  return family === 4 ? 'ip4' : 'ip6';
}

/** The prefix length of a CIDR (`10.16.0.0/16` → 16). */
export function prefixLength(cidr: string): number {
  return Number(cidr.slice(cidr.indexOf('/') + 1));
}
