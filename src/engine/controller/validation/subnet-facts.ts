/** Facts about a Subnet that several rules and the formatter share. */
import type { Cidr } from '../../ipam/ip-address.js';
import type { SubnetSpec } from '../../cluster/kinds/kubeovn-types.js';
import type { NetworkDefaults } from './inputs.js';
import { readCidrBlock } from './address-text.js';

/** The primary network's provider. */
export const OVN_PROVIDER = 'ovn';

/**
 * Whether the subnet is OVN-managed (`ovn`, or `<nad>.<ns>.ovn` for attachments); other providers are
 * IPAM-only (e.g. macvlan) and get no logical switch, so VPC and overlap rules do not apply to them.
 */
export function isOvnProvider(provider: string | undefined): boolean {
  const name = provider ?? '';
  return name === '' || name === OVN_PROVIDER || name.endsWith(`.${OVN_PROVIDER}`);
}

/** The VPC the subnet belongs to once formatted: an OVN subnet without `vpc` is in the default VPC. */
export function effectiveVpc(spec: SubnetSpec, defaults: NetworkDefaults): string {
  const vpc = spec.vpc ?? '';
  return vpc === '' && isOvnProvider(spec.provider) ? defaults.defaultVpc : vpc;
}

/** An underlay subnet without addresses: pods bring their own (DHCP on the physical network). */
export function isMacOnly(spec: SubnetSpec): boolean {
  return (spec.vlan ?? '') !== '' && (spec.cidrBlock ?? '').trim() === '';
}

// Overlap checks parse every other subnet's cidrBlock for each subnet validated (n² with n subnets); the
// parse result depends on the text alone, so it is cached by text. Bounded: cleared when it grows large.
const cidrCache = new Map<string, readonly Cidr[] | undefined>();
const CIDR_CACHE_LIMIT = 10_000;

/** The subnet's CIDRs (v4 first) when cidrBlock is valid; undefined when empty or invalid. */
export function validCidrs(spec: SubnetSpec): readonly Cidr[] | undefined {
  const text = spec.cidrBlock ?? '';
  if (text.trim() === '') return undefined;
  if (cidrCache.has(text)) return cidrCache.get(text);
  const parsed = readCidrBlock(text);
  const cidrs = parsed.ok ? Object.freeze(parsed.value) : undefined;
  if (cidrCache.size >= CIDR_CACHE_LIMIT) cidrCache.clear();
  cidrCache.set(text, cidrs);
  return cidrs;
}

/** `Subnet "name" (cidrBlock)` for messages. */
export function describeSubnet(name: string, spec: SubnetSpec): string {
  return `Subnet "${name}" (${spec.cidrBlock ?? ''})`;
}
