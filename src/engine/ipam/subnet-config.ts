/**
 * Turns a Subnet's addressing fields (cidrBlock, gateway, excludeIps) into checked per-family settings,
 * with errors that name the field and value.
 */
import type { Cidr, IpFamily } from './ip-address.js';
import { cidrContains, defaultGateway, formatCidr, formatIp, parseCidr, usableRange } from './ip-address.js';
import { IpRangeSet } from './ip-range-set.js';
import { parseAddressEntry, parseIpOrThrow } from './address-input.js';
import { AddressOutOfRangeError, InvalidAddressError } from './errors.js';

/** The addressing part of a Subnet, as the controller passes it. */
export interface SubnetSpec {
  readonly name: string;
  /** One CIDR, `v4CIDR,v6CIDR`, or empty for a MAC-only (underlay, bring-your-own DHCP) subnet. */
  readonly cidrBlock: string;
  /** `v4`, `v6` or `v4,v6`; missing families default to the first usable address of their CIDR. */
  readonly gateway?: string;
  /** Single IPs and `a..b` ranges kept out of dynamic allocation. Parts outside the CIDR are ignored. */
  readonly excludeIps?: readonly string[];
  /** The MAC of the subnet's router port, when already known (e.g. read back from the Northbound). */
  readonly routerMac?: string;
}

/** Kube-OVN's protocol, always derived from cidrBlock. */
export type SubnetProtocol = 'IPv4' | 'IPv6' | 'Dual' | 'Mac';

/** One family of a checked subnet. */
export interface FamilyConfig {
  readonly cidr: Cidr;
  readonly gateway: bigint;
  readonly excluded: IpRangeSet;
}

export interface SubnetConfig {
  readonly name: string;
  readonly protocol: SubnetProtocol;
  readonly families: ReadonlyMap<IpFamily, FamilyConfig>;
}

function parseCidrs(spec: SubnetSpec): Map<IpFamily, Cidr> {
  const cidrs = new Map<IpFamily, Cidr>();
  if (spec.cidrBlock.trim() === '') return cidrs;
  const items = spec.cidrBlock.split(',').map((item) => item.trim());
  if (items.length > 2) throw new InvalidAddressError('cidrBlock', spec.cidrBlock, 'must be one CIDR or one IPv4 and one IPv6 CIDR');
  for (const item of items) {
    const cidr = parseCidr(item);
    if (!cidr) {
      throw new InvalidAddressError('cidrBlock', spec.cidrBlock, /[A-F]/.test(item) ? 'must be lowercase' : `holds an invalid CIDR ${JSON.stringify(item)}`);
    }
    if (cidrs.has(cidr.family)) throw new InvalidAddressError('cidrBlock', spec.cidrBlock, 'holds two CIDRs of one family');
    cidrs.set(cidr.family, cidr);
  }
  return cidrs;
}

function parseGateways(spec: SubnetSpec, cidrs: Map<IpFamily, Cidr>): Map<IpFamily, bigint> {
  const gateways = new Map<IpFamily, bigint>();
  const text = spec.gateway?.trim() ?? '';
  if (text !== '') {
    if (cidrs.size === 0) throw new InvalidAddressError('gateway', text, 'must be empty on a subnet without cidrBlock');
    for (const item of text.split(',').map((part) => part.trim())) {
      const address = parseIpOrThrow('gateway', item);
      const cidr = cidrs.get(address.family);
      if (!cidr || !cidrContains(cidr, address)) throw new AddressOutOfRangeError('gateway', item, spec.name, spec.cidrBlock);
      const usable = usableRange(cidr);
      if (address.value < usable.start || address.value > usable.end) {
        throw new AddressOutOfRangeError('gateway', item, spec.name, formatCidr(cidr), 'is not a usable address of');
      }
      if (gateways.has(address.family)) throw new InvalidAddressError('gateway', text, 'holds two addresses of one family');
      gateways.set(address.family, address.value);
    }
  }
  for (const [family, cidr] of cidrs) if (!gateways.has(family)) gateways.set(family, defaultGateway(cidr));
  return gateways;
}

function parseExcludes(spec: SubnetSpec, cidrs: Map<IpFamily, Cidr>): Map<IpFamily, IpRangeSet> {
  const excluded = new Map<IpFamily, IpRangeSet>([
    [4, new IpRangeSet()],
    [6, new IpRangeSet()],
  ]);
  const entries = spec.excludeIps ?? [];
  if (cidrs.size === 0 && entries.length > 0) {
    throw new InvalidAddressError('excludeIps', entries.join(','), 'must be empty on a subnet without cidrBlock');
  }
  entries.forEach((text, index) => {
    const entry = parseAddressEntry(`excludeIps[${index}]`, text, false);
    excluded.get(entry.family)!.add(entry.start, entry.end);
  });
  return excluded;
}

/** Checks a Subnet's addressing fields. */
export function parseSubnetSpec(spec: SubnetSpec): SubnetConfig {
  const cidrs = parseCidrs(spec);
  const gateways = parseGateways(spec, cidrs);
  const excluded = parseExcludes(spec, cidrs);
  const families = new Map<IpFamily, FamilyConfig>();
  for (const [family, cidr] of cidrs) {
    families.set(family, { cidr, gateway: gateways.get(family)!, excluded: excluded.get(family)! });
  }
  const protocol: SubnetProtocol = cidrs.size === 2 ? 'Dual' : cidrs.has(4) ? 'IPv4' : cidrs.has(6) ? 'IPv6' : 'Mac';
  return { name: spec.name, protocol, families };
}

/** `10.16.0.0/16,fd00::/112` in v4-then-v6 order. */
export function formatCidrBlock(config: SubnetConfig): string {
  return [4, 6]
    .map((family) => config.families.get(family as IpFamily))
    .filter((family) => family !== undefined)
    .map((family) => formatCidr(family.cidr))
    .join(',');
}

/** `10.16.0.1,fd00::1` in v4-then-v6 order. */
export function formatGateways(config: SubnetConfig): string {
  return [...config.families.values()]
    .sort((a, b) => a.cidr.family - b.cidr.family)
    .map((family) => formatIp(family.cidr.family, family.gateway))
    .join(',');
}
