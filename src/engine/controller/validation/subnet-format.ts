/**
 * The controller's normalisation of a Subnet before validation (Kube-OVN's formatSubnet, §4.1 step 1): CIDR to
 * its network address, default gateway, excludeIps with the gateway merged in, protocol from the CIDR, and the
 * defaults for provider, vpc, gatewayType, default and U2O. Pure. Only valid values are rewritten; invalid
 * ones are left as they are for validation to report with the user's own text.
 */
import type { Cidr, IpFamily } from '../../ipam/ip-address.js';
import { cidrContains, defaultGateway, formatCidr, formatIp, usableRange } from '../../ipam/ip-address.js';
import { IpRangeSet } from '../../ipam/ip-range-set.js';
import type { SubnetSpec } from '../../cluster/kinds/kubeovn-types.js';
import type { MetadataInput, NetworkDefaults } from './inputs.js';
import type { AddressSpan } from './address-text.js';
import { cidrOfFamily, readIp, readSpan, splitList } from './address-text.js';
import { OVN_PROVIDER, effectiveVpc, isOvnProvider, validCidrs } from './subnet-facts.js';

export interface SubnetFormatDefaults extends NetworkDefaults {
  /** The controller's `--enable-lb`: fills `enableLb` when unset. Left alone when undefined. */
  readonly enableLb?: boolean;
}

export interface FormattedSubnet<S extends SubnetSpec> {
  readonly spec: S;
  /** One line per rewritten field: `spec.cidrBlock "10.0.0.5/24" → "10.0.0.0/24"`. Empty when nothing changed. */
  readonly changes: string[];
}

/** Gateways per family when every item is a usable address of the subnet's CIDR of its family. */
function validGateways(text: string | undefined, cidrs: readonly Cidr[]): Map<IpFamily, bigint> | undefined {
  const gateways = new Map<IpFamily, bigint>();
  for (const item of splitList(text)) {
    const address = readIp(item);
    if (!address.ok) return undefined;
    const cidr = cidrOfFamily(cidrs, address.value.family);
    if (!cidr || !cidrContains(cidr, address.value) || gateways.has(address.value.family)) return undefined;
    const usable = usableRange(cidr);
    if (address.value.value < usable.start || address.value.value > usable.end) return undefined;
    gateways.set(address.value.family, address.value.value);
  }
  return gateways;
}

function formatSpan(family: IpFamily, start: bigint, end: bigint): string {
  return start === end ? formatIp(family, start) : `${formatIp(family, start)}..${formatIp(family, end)}`;
}

/** excludeIps with the gateways added, merged and sorted (v4 first); undefined if an entry is invalid. */
function mergedExcludeIps(entries: readonly string[], gateways: ReadonlyMap<IpFamily, bigint>): string[] | undefined {
  const spans: AddressSpan[] = [];
  for (const entry of entries) {
    const span = readSpan(entry, false);
    if (!span.ok) return undefined;
    spans.push(span.value);
  }
  const result: string[] = [];
  for (const family of [4, 6] as const) {
    const set = IpRangeSet.of(spans.filter((span) => span.family === family));
    const gateway = gateways.get(family);
    if (gateway !== undefined) set.add(gateway);
    for (const range of set.toRanges()) result.push(formatSpan(family, range.start, range.end));
  }
  return result;
}

function sameList(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return (a ?? []).length === b.length && b.every((item, i) => a?.[i] === item);
}

/** Normalises a Subnet's spec as the controller writes it back (see the file comment for the rules). */
export function formatSubnet<S extends SubnetSpec>(
  subnet: { readonly metadata: MetadataInput; readonly spec: S },
  defaults: SubnetFormatDefaults,
): FormattedSubnet<S> {
  const spec: SubnetSpec = { ...subnet.spec };
  const changes: string[] = [];
  const set = <K extends keyof SubnetSpec>(field: K, value: SubnetSpec[K]): void => {
    const before = spec[field];
    if (Array.isArray(value) ? sameList(before as string[] | undefined, value as string[]) : before === value) return;
    changes.push(`spec.${field} ${JSON.stringify(before ?? null)} → ${JSON.stringify(value ?? null)}`);
    if (value === undefined) delete spec[field];
    else spec[field] = value;
  };

  const cidrs = validCidrs(spec);
  if (cidrs) {
    set('cidrBlock', cidrs.map(formatCidr).join(','));
    set('protocol', cidrs.length === 2 ? 'Dual' : cidrs[0].family === 4 ? 'IPv4' : 'IPv6');
    const gateways = validGateways(spec.gateway, cidrs);
    if (gateways) {
      for (const cidr of cidrs) if (!gateways.has(cidr.family)) gateways.set(cidr.family, defaultGateway(cidr));
      set('gateway', cidrs.map((cidr) => formatIp(cidr.family, gateways.get(cidr.family)!)).join(','));
      const excludeIps = mergedExcludeIps(spec.excludeIps ?? [], gateways);
      if (excludeIps) set('excludeIps', excludeIps);
    }
  } else if ((spec.cidrBlock ?? '').trim() === '' && (spec.vlan ?? '') !== '') {
    set('protocol', 'Mac');
  }

  if ((spec.provider ?? '') === '') set('provider', OVN_PROVIDER);
  if ((spec.vpc ?? '') === '' && isOvnProvider(spec.provider)) set('vpc', defaults.defaultVpc);
  const inDefaultVpc = effectiveVpc(spec, defaults) === defaults.defaultVpc;
  if (inDefaultVpc && (spec.gatewayType ?? '') === '') set('gatewayType', 'distributed');
  // Only the default subnet may be the default VPC's default; in a custom VPC `default` marks the VPC's own.
  if (inDefaultVpc && spec.default === true && subnet.metadata.name !== defaults.defaultSubnet) set('default', false);
  if (defaults.enableLb !== undefined && spec.enableLb === undefined) set('enableLb', defaults.enableLb);
  if ((spec.vlan ?? '') === '' && spec.u2oInterconnection === true) set('u2oInterconnection', false);
  if (spec.u2oInterconnection !== true && (spec.u2oInterconnectionIP ?? '') !== '') set('u2oInterconnectionIP', undefined);

  return { spec: spec as S, changes };
}
