/**
 * IP object rules (§10.3): the subnet must exist, addresses must be valid, lowercase, of the right family and
 * inside the subnet, podType must be known, and identity fields do not change once set.
 */
import type { IPSpec } from '../../cluster/kinds/kubeovn-types.js';
import type { IpFamily } from '../../ipam/ip-address.js';
import { cidrContains, familyName } from '../../ipam/ip-address.js';
import { parseMac } from '../../ipam/mac.js';
import type { ValidationIssue } from './validation-issue.js';
import { issue } from './validation-issue.js';
import type { IpInput, SubnetInput } from './inputs.js';
import { cidrOfFamily, readIp, splitList } from './address-text.js';
import { describeSubnet, validCidrs } from './subnet-facts.js';
import { Reason } from './reasons.js';

export interface IpValidationContext {
  readonly subnets: readonly SubnetInput[];
}

const podTypes = ['', 'StatefulSet', 'VirtualMachine'];
const immutableFields = ['subnet', 'namespace', 'podName', 'podType', 'v4IpAddress', 'v6IpAddress', 'macAddress'] as const;

/** The subnet a `subnet` field names, or the issue saying why there is none. */
export function findSubnet(field: string, name: string | undefined, subnets: readonly SubnetInput[]): { subnet?: SubnetInput; issues: ValidationIssue[] } {
  if ((name ?? '') === '') return { issues: [issue(field, name ?? '', Reason.MissingSubnet, 'is required')] };
  const subnet = subnets.find((s) => s.metadata.name === name);
  if (!subnet) return { issues: [issue(field, name, Reason.SubnetNotFound, `no Subnet "${name}" exists`, `Subnet/${name}`)] };
  return { subnet, issues: [] };
}

/**
 * Checks one address text (prefix length ignored) of an expected family, or of any family when `family` is
 * undefined, against the subnet's CIDR of that family.
 */
export function checkAddressInSubnet(field: string, text: string, family: IpFamily | undefined, subnet: SubnetInput | undefined): ValidationIssue[] {
  const address = readIp(text.split('/')[0]);
  if (!address.ok) return [issue(field, text, Reason.InvalidIPAddress, address.problem)];
  if (family !== undefined && address.value.family !== family) {
    return [issue(field, text, Reason.InvalidIPAddress, `is not an ${familyName(family)} address`)];
  }
  const cidrs = subnet ? validCidrs(subnet.spec) : undefined;
  if (!subnet || !cidrs) return [];
  const cidr = cidrOfFamily(cidrs, address.value.family);
  if (cidr && cidrContains(cidr, address.value)) return [];
  return [issue(field, text, Reason.AddressOutOfRange, `is not inside ${describeSubnet(subnet.metadata.name, subnet.spec)}`, `Subnet/${subnet.metadata.name}`)];
}

/** A MAC given by a user (empty = none). */
export function checkMac(field: string, text: string | undefined): ValidationIssue[] {
  if ((text ?? '') === '') return [];
  try {
    parseMac(field, text!);
    return [];
  } catch {
    return [issue(field, text, Reason.InvalidMacAddress, 'is not a unicast MAC address (six hex pairs, multicast bit clear, not all zero)')];
  }
}

function checkImmutable(spec: IPSpec, previous: IPSpec): ValidationIssue[] {
  return immutableFields.flatMap((field) => {
    const before = previous[field] ?? '';
    const after = spec[field] ?? '';
    if (before === '' || before === after) return [];
    return [issue(`spec.${field}`, after, Reason.FieldImmutable, `cannot change once set (was "${before}")`)];
  });
}

/** Issues of an IP object; `previous` is its last applied spec (absent for a new IP). */
export function validateIp(ip: IpInput, ctx: IpValidationContext, previous?: IPSpec): ValidationIssue[] {
  const spec = ip.spec;
  const { subnet, issues } = findSubnet('spec.subnet', spec.subnet, ctx.subnets);
  if ((spec.v4IpAddress ?? '') !== '') issues.push(...checkAddressInSubnet('spec.v4IpAddress', spec.v4IpAddress!, 4, subnet));
  if ((spec.v6IpAddress ?? '') !== '') issues.push(...checkAddressInSubnet('spec.v6IpAddress', spec.v6IpAddress!, 6, subnet));
  const combined = splitList(spec.ipAddress);
  if (combined.length > 2) issues.push(issue('spec.ipAddress', spec.ipAddress, Reason.InvalidIPAddress, 'must be one IPv4 and/or one IPv6 address'));
  else for (const item of combined) issues.push(...checkAddressInSubnet('spec.ipAddress', item, undefined, subnet));
  if (combined.length === 2 && !combined.includes('') && combined.every((item) => readIp(item.split('/')[0]).ok)) {
    const families = combined.map((item) => (item.includes(':') ? 6 : 4));
    if (families[0] === families[1]) issues.push(issue('spec.ipAddress', spec.ipAddress, Reason.InvalidIPAddress, 'holds two addresses of one family'));
  }
  issues.push(...checkMac('spec.macAddress', spec.macAddress));
  const podType = spec.podType ?? '';
  if (!podTypes.includes(podType)) issues.push(issue('spec.podType', podType, Reason.InvalidPodType, 'must be empty, StatefulSet or VirtualMachine'));
  if (previous) issues.push(...checkImmutable(spec, previous));
  return issues;
}
