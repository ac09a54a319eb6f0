/**
 * Pod network annotation rules (§2.2, §10.3 "ValidatePodNetwork"): the `<p>.kubernetes.io/…` inputs a user
 * writes — ip_address, mac_address, ip_pool, logical_switch, rates, ip_family, routes, port_security — for the
 * primary network (`ovn.`) and for attachments (`<nad>.<ns>.ovn.`). When the same provider names its subnet in
 * `logical_switch`, addresses are also checked against that subnet's CIDR.
 */
import type { IpFamily } from '../../ipam/ip-address.js';
import { cidrContains, familyName } from '../../ipam/ip-address.js';
import { looksLikeIpList } from '../../ipam/address-input.js';
import type { ValidationIssue } from './validation-issue.js';
import { issue } from './validation-issue.js';
import type { IpPoolInput, PodInput, SubnetInput } from './inputs.js';
import { cidrOfFamily, readCidrOrIp, readIp, splitList } from './address-text.js';
import { describeSubnet, validCidrs } from './subnet-facts.js';
import { checkMac } from './ip-rules.js';
import { Reason } from './reasons.js';

export interface PodValidationContext {
  readonly subnets: readonly SubnetInput[];
  readonly ipPools: readonly IpPoolInput[];
}

const annotationPattern =
  /^(.+)\.kubernetes\.io\/(ip_address|mac_address|ip_pool|logical_switch|ingress_rate|egress_rate|ingress_burst|egress_burst|ip_family|routes|port_security)(\.[^/]+)?$/;

const rateKeys = new Set(['ingress_rate', 'egress_rate', 'ingress_burst', 'egress_burst']);

/** The annotations of one provider prefix (`ovn`, `net1.default.ovn`, …). */
interface ProviderAnnotations {
  readonly prefix: string;
  readonly entries: { readonly key: string; readonly name: string; readonly value: string }[];
}

function groupByProvider(annotations: Readonly<Record<string, string>>): ProviderAnnotations[] {
  const groups = new Map<string, ProviderAnnotations>();
  for (const [key, value] of Object.entries(annotations)) {
    const match = annotationPattern.exec(key);
    if (!match) continue;
    const prefix = match[1];
    if (!groups.has(prefix)) groups.set(prefix, { prefix, entries: [] });
    groups.get(prefix)!.entries.push({ key, name: match[2], value });
  }
  return [...groups.values()];
}

function fieldOf(key: string): string {
  return `metadata.annotations[${key}]`;
}

/**
 * Addresses of one family each, checked against the subnet when known; returns the families seen. With
 * `oneInsideSuffices` (ip_pool entries), an entry is usable when any of its addresses is inside the subnet, as
 * Kube-OVN allows a dual-stack entry on a single-stack subnet.
 */
function checkAddressGroup(
  field: string,
  text: string,
  subnet: SubnetInput | undefined,
  reason: string,
  issues: ValidationIssue[],
  oneInsideSuffices = false,
): Set<IpFamily> {
  const families = new Set<IpFamily>();
  const items = text.split(',').map((item) => item.trim());
  if (items.length > 2 || items.includes('')) {
    issues.push(issue(field, text, reason, 'must be one IPv4 and/or one IPv6 address, comma separated'));
    return families;
  }
  const cidrs = subnet ? validCidrs(subnet.spec) : undefined;
  const outside: string[] = [];
  let inside = 0;
  for (const item of items) {
    const address = readIp(item.split('/')[0]);
    if (!address.ok) {
      issues.push(issue(field, item, reason, address.problem));
      continue;
    }
    if (families.has(address.value.family)) issues.push(issue(field, text, reason, `holds two ${familyName(address.value.family)} addresses`));
    families.add(address.value.family);
    const cidr = cidrs ? cidrOfFamily(cidrs, address.value.family) : undefined;
    if (cidr && cidrContains(cidr, address.value)) inside++;
    else outside.push(item);
  }
  if (subnet && cidrs && outside.length > 0 && !(oneInsideSuffices && inside > 0)) {
    const text2 = `is not inside ${describeSubnet(subnet.metadata.name, subnet.spec)}`;
    for (const item of outside) issues.push(issue(field, item, Reason.AddressOutOfRange, text2, `Subnet/${subnet.metadata.name}`));
  }
  return families;
}

/**
 * Splits an ip_pool IP list into entries: by `;` when present (`v4a,v6a;v4b,v6b`); otherwise one IPv4 and one
 * IPv6 address together are a single dual-stack entry, and anything else is one address per `,` item.
 */
function ipPoolEntries(value: string): string[] {
  if (value.includes(';')) return value.split(';').map((group) => group.trim());
  const items = splitList(value);
  const families = items.map((item) => readIp(item)).map((address) => (address.ok ? address.value.family : 0));
  if (items.length === 2 && families.includes(4) && families.includes(6)) return [value];
  return items;
}

function checkIpPool(field: string, text: string, subnet: SubnetInput | undefined, ctx: PodValidationContext, issues: ValidationIssue[]): void {
  const value = text.trim();
  if (value === '') return;
  if (looksLikeIpList(value)) {
    for (const entry of ipPoolEntries(value)) checkAddressGroup(field, entry, subnet, Reason.InvalidIPPoolEntry, issues, true);
    return;
  }
  const pool = ctx.ipPools.find((p) => p.metadata.name === value);
  if (!pool) {
    issues.push(issue(field, value, Reason.IPPoolNotFound, 'is neither an IPPool nor a list of IPs', `IPPool/${value}`));
  } else if (subnet && pool.spec.subnet !== subnet.metadata.name) {
    const text2 = `IPPool "${value}" belongs to subnet ${pool.spec.subnet}, but logical_switch names ${subnet.metadata.name}`;
    issues.push(issue(field, value, Reason.IPPoolSubnetMismatch, text2, `IPPool/${value}`));
  }
}

function checkRoutes(field: string, text: string, issues: ValidationIssue[]): void {
  let routes: unknown;
  try {
    routes = JSON.parse(text);
  } catch {
    issues.push(issue(field, text, Reason.InvalidRoutes, 'is not JSON; expected [{"dst":"<cidr>","gw":"<ip>"}]'));
    return;
  }
  if (!Array.isArray(routes)) {
    issues.push(issue(field, text, Reason.InvalidRoutes, 'must be a JSON list of {"dst","gw"} objects'));
    return;
  }
  routes.forEach((route: unknown, index) => {
    const at = `${field}[${index}]`;
    const entry = (typeof route === 'object' && route !== null ? route : {}) as Record<string, unknown>;
    const dst = typeof entry.dst === 'string' ? entry.dst.trim() : undefined;
    const gw = typeof entry.gw === 'string' ? entry.gw.trim() : undefined;
    if (!dst && !gw) {
      issues.push(issue(at, route, Reason.InvalidRoutes, 'needs "dst" (a CIDR) and/or "gw" (an IP)'));
      return;
    }
    const dstCidr = dst ? readCidrOrIp(dst) : undefined;
    const gwIp = gw ? readIp(gw) : undefined;
    if (dstCidr && !dstCidr.ok) issues.push(issue(`${at}.dst`, dst, Reason.InvalidRoutes, dstCidr.problem));
    if (gwIp && !gwIp.ok) issues.push(issue(`${at}.gw`, gw, Reason.InvalidRoutes, gwIp.problem));
    if (dstCidr?.ok && gwIp?.ok && dstCidr.value.family !== gwIp.value.family) {
      issues.push(issue(`${at}.gw`, gw, Reason.InvalidRoutes, `is ${familyName(gwIp.value.family)} but dst ${dst} is ${familyName(dstCidr.value.family)}`));
    }
  });
}

function checkIpFamily(field: string, text: string, given: ReadonlySet<IpFamily>, subnet: SubnetInput | undefined, issues: ValidationIssue[]): void {
  const family = text === 'ipv4' ? 4 : text === 'ipv6' ? 6 : undefined;
  if (family === undefined) {
    issues.push(issue(field, text, Reason.InvalidIpFamily, 'must be ipv4 or ipv6'));
    return;
  }
  if ([...given].some((f) => f !== family)) issues.push(issue(field, text, Reason.IpFamilyMismatch, 'disagrees with the addresses in ip_address'));
  const cidrs = subnet ? validCidrs(subnet.spec) : undefined;
  if (subnet && cidrs && !cidrOfFamily(cidrs, family)) {
    issues.push(issue(field, text, Reason.IpFamilyMismatch, `asks for ${familyName(family)}, but ${describeSubnet(subnet.metadata.name, subnet.spec)} has no ${familyName(family)} CIDR`, `Subnet/${subnet.metadata.name}`));
  }
}

function checkProvider(group: ProviderAnnotations, ctx: PodValidationContext): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const switchEntry = group.entries.find((e) => e.name === 'logical_switch');
  let subnet: SubnetInput | undefined;
  if (switchEntry && switchEntry.value.trim() !== '') {
    subnet = ctx.subnets.find((s) => s.metadata.name === switchEntry.value.trim());
    if (!subnet) issues.push(issue(fieldOf(switchEntry.key), switchEntry.value, Reason.SubnetNotFound, `no Subnet "${switchEntry.value}" exists`, `Subnet/${switchEntry.value}`));
  }
  const given = new Set<IpFamily>();
  for (const entry of group.entries) {
    const field = fieldOf(entry.key);
    const value = entry.value.trim();
    if (entry.name === 'ip_address' && value !== '') {
      for (const family of checkAddressGroup(field, value, subnet, Reason.InvalidIPAddress, issues)) given.add(family);
    } else if (entry.name === 'mac_address') issues.push(...checkMac(field, value));
    else if (entry.name === 'ip_pool') checkIpPool(field, value, subnet, ctx, issues);
    else if (rateKeys.has(entry.name) && value !== '' && !/^\d+$/.test(value)) {
      issues.push(issue(field, entry.value, Reason.InvalidRate, 'must be a non-negative integer (Mbit/s; Mbit for bursts)'));
    } else if (entry.name === 'routes' && value !== '') checkRoutes(field, value, issues);
    else if (entry.name === 'port_security' && value !== '' && value !== 'true' && value !== 'false') {
      issues.push(issue(field, entry.value, Reason.InvalidPortSecurity, 'must be true or false'));
    }
  }
  const familyEntry = group.entries.find((e) => e.name === 'ip_family');
  if (familyEntry && familyEntry.value.trim() !== '') checkIpFamily(fieldOf(familyEntry.key), familyEntry.value.trim(), given, subnet, issues);
  return issues;
}

/** Issues of a pod's network annotations (every provider prefix). */
export function validatePodNetworkAnnotations(pod: PodInput, ctx: PodValidationContext): ValidationIssue[] {
  return groupByProvider(pod.metadata.annotations ?? {}).flatMap((group) => checkProvider(group, ctx));
}
