import type { AddressUsage } from '../ipam/index.js';

/**
 * IPAM's address counters as status fields. Kube-OVN spells them differently on Subnet (`v4usingIPs`,
 * `v4availableIPrange`) and on IPPool (`v4UsingIPs`, `v4AvailableIPRange`); both are kept, as manifests and
 * printer columns read them.
 */
export function usageStatusFields(u: AddressUsage, spelling: 'subnet' | 'ippool'): Record<string, number | string> {
  const fields: Record<string, number | string> = {};
  for (const family of ['v4', 'v6'] as const) {
    const names = spelling === 'subnet' ? ['usingIPs', 'availableIPs', 'usingIPrange', 'availableIPrange'] : ['UsingIPs', 'AvailableIPs', 'UsingIPRange', 'AvailableIPRange'];
    const values = family === 'v4' ? [Number(u.v4Using), Number(u.v4Available), u.v4UsingRange, u.v4AvailableRange] : [Number(u.v6Using), Number(u.v6Available), u.v6UsingRange, u.v6AvailableRange];
    names.forEach((name, i) => (fields[`${family}${name}`] = values[i]));
  }
  return fields;
}
