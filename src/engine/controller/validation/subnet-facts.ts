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

/** The subnet's CIDRs (v4 first) when cidrBlock is valid; undefined when empty or invalid. */
export function validCidrs(spec: SubnetSpec): Cidr[] | undefined {
  const text = spec.cidrBlock ?? '';
  if (text.trim() === '') return undefined;
  const parsed = readCidrBlock(text);
  return parsed.ok ? parsed.value : undefined;
}

/** `Subnet "name" (cidrBlock)` for messages. */
export function describeSubnet(name: string, spec: SubnetSpec): string {
  return `Subnet "${name}" (${spec.cidrBlock ?? ''})`;
}
