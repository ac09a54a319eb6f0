/**
 * IPPool rules (§10.3, §1.4): the subnet must exist and not change, entries must be IPs, `a..b` ranges or
 * CIDRs inside the subnet, and two pools of one subnet must not share an address (the newer one is reported).
 */
import type { IPPoolSpec } from '../../cluster/kinds/kubeovn-types.js';
import { IpRangeSet } from '../../ipam/ip-range-set.js';
import type { ValidationIssue } from './validation-issue.js';
import { issue } from './validation-issue.js';
import type { IpPoolInput, SubnetInput } from './inputs.js';
import type { AddressSpan } from './address-text.js';
import { cidrHoldsSpan, readSpan } from './address-text.js';
import { describeSubnet, validCidrs } from './subnet-facts.js';
import { findSubnet } from './ip-rules.js';
import { isOlder } from './object-age.js';
import { Reason } from './reasons.js';

export interface IpPoolValidationContext {
  readonly subnets: readonly SubnetInput[];
  /** All pools, the validated one included or not (it is skipped by name). */
  readonly ipPools: readonly IpPoolInput[];
}

function validSpans(pool: IpPoolInput): AddressSpan[] {
  return (pool.spec.ips ?? []).flatMap((entry) => {
    const span = readSpan(entry, true);
    return span.ok ? [span.value] : [];
  });
}

function rangeSets(spans: readonly AddressSpan[]): { v4: IpRangeSet; v6: IpRangeSet } {
  return { v4: IpRangeSet.of(spans.filter((s) => s.family === 4)), v6: IpRangeSet.of(spans.filter((s) => s.family === 6)) };
}

function checkEntries(pool: IpPoolInput, subnet: SubnetInput | undefined): ValidationIssue[] {
  const entries = pool.spec.ips ?? [];
  if (entries.length === 0) return [issue('spec.ips', entries, Reason.MissingIps, 'is required: list IPs, ranges a..b or CIDRs of the subnet')];
  const cidrs = subnet ? validCidrs(subnet.spec) : undefined;
  const issues: ValidationIssue[] = [];
  entries.forEach((entry, index) => {
    const field = `spec.ips[${index}]`;
    const span = readSpan(entry, true);
    if (!span.ok) issues.push(issue(field, entry, Reason.InvalidIPPoolEntry, `${span.problem} (expected an IP, a range a..b or a CIDR)`));
    else if (subnet && cidrs && !cidrs.some((cidr) => cidrHoldsSpan(cidr, span.value))) {
      issues.push(issue(field, entry, Reason.AddressOutOfRange, `is not inside ${describeSubnet(subnet.metadata.name, subnet.spec)}`, `Subnet/${subnet.metadata.name}`));
    }
  });
  return issues;
}

function checkOverlaps(pool: IpPoolInput, ctx: IpPoolValidationContext): ValidationIssue[] {
  const mine = rangeSets(validSpans(pool));
  const issues: ValidationIssue[] = [];
  for (const other of ctx.ipPools) {
    if (other.metadata.name === pool.metadata.name || other.spec.subnet !== pool.spec.subnet || !isOlder(other, pool)) continue;
    const theirs = rangeSets(validSpans(other));
    const shared = [mine.v4.intersect(theirs.v4).format(4), mine.v6.intersect(theirs.v6).format(6)].filter((text) => text !== '').join(',');
    if (shared === '') continue;
    const text = `shares ${shared} with IPPool "${other.metadata.name}" of subnet ${pool.spec.subnet}`;
    issues.push(issue('spec.ips', pool.spec.ips, Reason.IPPoolConflict, text, `IPPool/${other.metadata.name}`));
  }
  return issues;
}

/** Issues of an IPPool; `previous` is its last applied spec (absent for a new pool). */
export function validateIpPool(pool: IpPoolInput, ctx: IpPoolValidationContext, previous?: IPPoolSpec): ValidationIssue[] {
  const { subnet, issues } = findSubnet('spec.subnet', pool.spec.subnet, ctx.subnets);
  const before = previous?.subnet ?? '';
  if (before !== '' && before !== pool.spec.subnet) {
    issues.push(issue('spec.subnet', pool.spec.subnet, Reason.FieldImmutable, `cannot change once set (was "${before}")`, `Subnet/${before}`));
  }
  return [...issues, ...checkEntries(pool, subnet), ...checkOverlaps(pool, ctx)];
}
