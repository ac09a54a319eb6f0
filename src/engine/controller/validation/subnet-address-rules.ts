/**
 * Subnet rules about its own addresses (§10.1 rows 1–7, 10, 14, 18, 19, and excludeIps outside the CIDR):
 * nothing outside the Subnet is needed.
 */
import type { Cidr } from '../../ipam/ip-address.js';
import { cidrContains, defaultGateway, formatCidr, parseCidr, usableRange } from '../../ipam/ip-address.js';
import type { ValidationIssue } from './validation-issue.js';
import { issue } from './validation-issue.js';
import type { SubnetInput } from './inputs.js';
import { cidrHoldsSpan, cidrOfFamily, cidrsOverlap, readCidr, readCidrBlock, readIp, readSpan, splitList } from './address-text.js';
import { isMacOnly } from './subnet-facts.js';
import { Reason } from './reasons.js';

/** Address space no subnet may overlap (Kube-OVN's CIDR conflict list). */
const reservedBlocks: readonly { readonly cidr: Cidr; readonly what: string }[] = [
  ['255.255.255.255/32', 'the IPv4 broadcast address'],
  ['224.0.0.0/4', 'IPv4 multicast'],
  ['127.0.0.0/8', 'IPv4 loopback'],
  ['0.0.0.0/32', 'the IPv4 zero address'],
  ['169.254.0.0/16', 'IPv4 link-local'],
  ['::/128', 'the IPv6 unspecified address'],
  ['::1/128', 'IPv6 loopback'],
  ['ff00::/8', 'IPv6 multicast'],
  ['fe80::/10', 'IPv6 link-local'],
].map(([text, what]) => ({ cidr: parseCidr(text)!, what }));

const IPV6_MIN_MTU = 1280;

function describeCidrs(cidrs: readonly Cidr[]): string {
  return cidrs.map(formatCidr).join(',');
}

function checkCidrBlock(subnet: SubnetInput): { issues: ValidationIssue[]; cidrs?: Cidr[] } {
  const text = subnet.spec.cidrBlock ?? '';
  if (text.trim() === '') {
    if ((subnet.spec.vlan ?? '') !== '') return { issues: [] }; // MAC-only underlay subnet
    return { issues: [issue('spec.cidrBlock', text, Reason.MissingCIDR, 'is required unless the subnet is an underlay subnet (spec.vlan) without addresses')] };
  }
  const parsed = readCidrBlock(text);
  if (!parsed.ok) return { issues: [issue('spec.cidrBlock', text, Reason.InvalidCIDR, parsed.problem)] };
  const issues: ValidationIssue[] = [];
  for (const cidr of parsed.value) {
    for (const reserved of reservedBlocks) {
      if (cidrsOverlap(cidr, reserved.cidr)) {
        issues.push(issue('spec.cidrBlock', text, Reason.ReservedCIDR, `${formatCidr(cidr)} overlaps ${reserved.what} (${formatCidr(reserved.cidr)})`));
      }
    }
  }
  return { issues, cidrs: parsed.value };
}

function checkGateway(subnet: SubnetInput, cidrs: readonly Cidr[]): ValidationIssue[] {
  const items = splitList(subnet.spec.gateway);
  if (items.length > 2) return [issue('spec.gateway', subnet.spec.gateway, Reason.InvalidGateway, 'must be one address per family of spec.cidrBlock')];
  const issues: ValidationIssue[] = [];
  const seen = new Set<number>();
  for (const item of items) {
    const address = readIp(item);
    if (!address.ok) {
      issues.push(issue('spec.gateway', item, Reason.InvalidGateway, address.problem));
      continue;
    }
    const cidr = cidrOfFamily(cidrs, address.value.family);
    if (seen.has(address.value.family)) {
      issues.push(issue('spec.gateway', subnet.spec.gateway, Reason.InvalidGateway, 'holds two addresses of one family'));
    } else if (!cidr || !cidrContains(cidr, address.value)) {
      issues.push(issue('spec.gateway', item, Reason.GatewayOutOfRange, `is not inside spec.cidrBlock ${describeCidrs(cidrs)}`));
    } else {
      const usable = usableRange(cidr);
      if (address.value.value < usable.start) {
        issues.push(issue('spec.gateway', item, Reason.GatewayNotUsable, `is the network address of ${formatCidr(cidr)}`));
      } else if (address.value.value > usable.end) {
        const last = cidr.family === 4 ? 'broadcast address' : 'last address';
        issues.push(issue('spec.gateway', item, Reason.GatewayNotUsable, `is the ${last} of ${formatCidr(cidr)}`));
      }
    }
    seen.add(address.value.family);
  }
  return issues;
}

function checkExcludeIps(subnet: SubnetInput, cidrs: readonly Cidr[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  (subnet.spec.excludeIps ?? []).forEach((entry, index) => {
    const field = `spec.excludeIps[${index}]`;
    const span = readSpan(entry, false);
    if (!span.ok) {
      issues.push(issue(field, entry, Reason.InvalidExcludeIps, `${span.problem} (expected an IP or a range a..b)`));
    } else if (!cidrs.some((cidr) => cidrHoldsSpan(cidr, span.value))) {
      issues.push(issue(field, entry, Reason.ExcludeIpOutOfRange, `is outside spec.cidrBlock ${describeCidrs(cidrs)}`));
    }
  });
  return issues;
}

function checkAllowSubnets(subnet: SubnetInput): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  (subnet.spec.allowSubnets ?? []).forEach((entry, index) => {
    const cidr = readCidr(entry.trim());
    if (!cidr.ok) issues.push(issue(`spec.allowSubnets[${index}]`, entry, Reason.InvalidAllowSubnets, cidr.problem));
  });
  return issues;
}

function checkMtu(subnet: SubnetInput, cidrs: readonly Cidr[] | undefined): ValidationIssue[] {
  const mtu = subnet.spec.mtu ?? 0;
  if (mtu === 0) return [];
  if (!Number.isInteger(mtu) || mtu < 68 || mtu > 65535) return [issue('spec.mtu', mtu, Reason.InvalidMTU, 'must be an integer in 68..65535')];
  if (cidrs?.some((cidr) => cidr.family === 6) && mtu < IPV6_MIN_MTU) {
    return [issue('spec.mtu', mtu, Reason.InvalidMTU, `is below ${IPV6_MIN_MTU}, the IPv6 minimum, on a subnet with an IPv6 CIDR`)];
  }
  return [];
}

/** Addresses that must be IPs inside the CIDR: vips and u2oInterconnectionIP. */
function checkAddressList(
  field: string,
  items: readonly string[],
  cidrs: readonly Cidr[],
  reason: string,
  gateways: readonly bigint[],
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const item of items) {
    const address = readIp(item);
    if (!address.ok) issues.push(issue(field, item, reason, address.problem));
    else if (!cidrs.some((cidr) => cidrContains(cidr, address.value))) {
      issues.push(issue(field, item, reason, `is not inside spec.cidrBlock ${describeCidrs(cidrs)}`));
    } else if (gateways.includes(address.value.value)) issues.push(issue(field, item, reason, 'is the subnet gateway'));
  }
  return issues;
}

function checkMacOnly(subnet: SubnetInput): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const text = 'must be empty on an underlay subnet without cidrBlock (addresses come from the physical network)';
  if ((subnet.spec.gateway ?? '') !== '') issues.push(issue('spec.gateway', subnet.spec.gateway, Reason.MacOnlyAddressing, text));
  if ((subnet.spec.excludeIps ?? []).length > 0) issues.push(issue('spec.excludeIps', subnet.spec.excludeIps, Reason.MacOnlyAddressing, text));
  if ((subnet.spec.vips ?? []).length > 0) issues.push(issue('spec.vips', subnet.spec.vips, Reason.InvalidVip, text));
  if ((subnet.spec.u2oInterconnectionIP ?? '') !== '') {
    issues.push(issue('spec.u2oInterconnectionIP', subnet.spec.u2oInterconnectionIP, Reason.InvalidU2OInterconnectionIP, text));
  }
  return issues;
}

/** The gateway of each family: the given one, else the default (first usable address). */
function effectiveGateways(subnet: SubnetInput, cidrs: readonly Cidr[]): bigint[] {
  const given = splitList(subnet.spec.gateway)
    .map(readIp)
    .flatMap((address) => (address.ok ? [address.value] : []));
  return cidrs.map((cidr) => given.find((address) => address.family === cidr.family)?.value ?? defaultGateway(cidr));
}

/** Every address rule of the subnet on its own. */
export function checkSubnetAddressing(subnet: SubnetInput): ValidationIssue[] {
  if (isMacOnly(subnet.spec)) return [...checkMacOnly(subnet), ...checkAllowSubnets(subnet), ...checkMtu(subnet, undefined)];
  const { issues, cidrs } = checkCidrBlock(subnet);
  if (!cidrs) return [...issues, ...checkAllowSubnets(subnet), ...checkMtu(subnet, undefined)];
  return [
    ...issues,
    ...checkGateway(subnet, cidrs),
    ...checkExcludeIps(subnet, cidrs),
    ...checkAllowSubnets(subnet),
    ...checkMtu(subnet, cidrs),
    ...checkAddressList('spec.vips', subnet.spec.vips ?? [], cidrs, Reason.InvalidVip, []),
    ...checkAddressList('spec.u2oInterconnectionIP', splitList(subnet.spec.u2oInterconnectionIP), cidrs, Reason.InvalidU2OInterconnectionIP, effectiveGateways(subnet, cidrs)),
  ];
}
