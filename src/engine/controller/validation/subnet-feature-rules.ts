/**
 * Subnet rules about its feature switches (§10.1 rows 8, 9, 11, 13, 15, 16, 17 and the policy-routing
 * ranges of the CRD): nothing outside the Subnet is needed.
 */
import type { Cidr, IpFamily } from '../../ipam/ip-address.js';
import { familyName } from '../../ipam/ip-address.js';
import type { ValidationIssue } from './validation-issue.js';
import { issue } from './validation-issue.js';
import type { SubnetInput } from './inputs.js';
import { readCidrOrIp, readIp, splitList } from './address-text.js';
import { validCidrs } from './subnet-facts.js';
import { Reason } from './reasons.js';

const gatewayTypes = ['distributed', 'centralized'];
const protocols = ['IPv4', 'IPv6', 'Dual', 'Mac'];
const natOutgoingActions = ['nat', 'forward'];
/** Linux reserves these routing tables: unspec, default, main, local. */
const reservedRouteTables = [252, 253, 254, 255];

function checkEnums(subnet: SubnetInput): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const gatewayType = subnet.spec.gatewayType ?? '';
  if (gatewayType !== '' && !gatewayTypes.includes(gatewayType)) {
    issues.push(issue('spec.gatewayType', gatewayType, Reason.InvalidGatewayType, 'must be distributed or centralized'));
  }
  const protocol = subnet.spec.protocol ?? '';
  if (protocol !== '' && !protocols.includes(protocol)) {
    issues.push(issue('spec.protocol', protocol, Reason.InvalidProtocol, 'must be IPv4, IPv6, Dual or Mac'));
  }
  return issues;
}

function checkName(subnet: SubnetInput): ValidationIssue[] {
  const vpc = subnet.spec.vpc ?? '';
  if (vpc === '' || vpc !== subnet.metadata.name) return [];
  return [issue('spec.vpc', vpc, Reason.SubnetNameEqualsVpc, 'is the subnet\'s own name; a subnet and its VPC must be named differently', `Vpc/${vpc}`)];
}

function checkExternalEgressGateway(subnet: SubnetInput, cidrs: readonly Cidr[] | undefined): ValidationIssue[] {
  const text = subnet.spec.externalEgressGateway ?? '';
  if (text.trim() === '') return [];
  const field = 'spec.externalEgressGateway';
  const issues: ValidationIssue[] = [];
  if (subnet.spec.natOutgoing === true) {
    issues.push(issue(field, text, Reason.ExternalEgressGatewayConflict, 'cannot be used together with spec.natOutgoing=true'));
  }
  const items = splitList(text);
  if (items.length > 2) return [...issues, issue(field, text, Reason.InvalidExternalEgressGateway, 'holds more than two addresses')];
  const seen = new Set<IpFamily>();
  for (const item of items) {
    const address = readIp(item);
    if (!address.ok) {
      issues.push(issue(field, item, Reason.InvalidExternalEgressGateway, address.problem));
    } else if (seen.has(address.value.family)) {
      issues.push(issue(field, text, Reason.InvalidExternalEgressGateway, 'holds two addresses of one family'));
    } else if (cidrs && !cidrs.some((cidr) => cidr.family === address.value.family)) {
      issues.push(issue(field, item, Reason.InvalidExternalEgressGateway, `is ${familyName(address.value.family)} but spec.cidrBlock has no ${familyName(address.value.family)} CIDR`));
    }
    if (address.ok) seen.add(address.value.family);
  }
  return issues;
}

function checkPolicyRouting(subnet: SubnetInput): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const priority = subnet.spec.policyRoutingPriority;
  if (priority !== undefined && (!Number.isInteger(priority) || priority < 1 || priority > 32765)) {
    issues.push(issue('spec.policyRoutingPriority', priority, Reason.InvalidPolicyRouting, 'must be an integer in 1..32765'));
  }
  const table = subnet.spec.policyRoutingTableID;
  if (table !== undefined && (!Number.isInteger(table) || table < 1 || table > 2147483647 || reservedRouteTables.includes(table))) {
    issues.push(issue('spec.policyRoutingTableID', table, Reason.InvalidPolicyRouting, 'must be an integer in 1..2147483647 other than the reserved tables 252..255'));
  }
  return issues;
}

function checkU2O(subnet: SubnetInput): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const u2o = subnet.spec.u2oInterconnection === true;
  if (u2o && subnet.spec.logicalGateway === true) {
    issues.push(issue('spec.u2oInterconnection', true, Reason.U2OConflictsWithLogicalGateway, 'cannot be on together with spec.logicalGateway'));
  }
  if (subnet.spec.u2oFeatures?.overlayOnlyRouting === true) {
    if ((subnet.spec.vlan ?? '') === '') {
      issues.push(issue('spec.u2oFeatures.overlayOnlyRouting', true, Reason.InvalidU2OFeatures, 'needs an underlay subnet (spec.vlan)'));
    } else if (!u2o) {
      issues.push(issue('spec.u2oFeatures.overlayOnlyRouting', true, Reason.InvalidU2OFeatures, 'needs spec.u2oInterconnection=true'));
    }
  }
  return issues;
}

/** Families of a comma list of IPs/CIDRs, or a problem phrase. */
function readAddressSetFamily(text: string): { family?: IpFamily; problem?: string } {
  let family: IpFamily | undefined;
  for (const item of splitList(text)) {
    const cidr = readCidrOrIp(item);
    if (!cidr.ok) return { problem: `entry "${item}" ${cidr.problem}` };
    if (family !== undefined && family !== cidr.value.family) return { problem: 'mixes IPv4 and IPv6 entries' };
    family = cidr.value.family;
  }
  return { family };
}

function checkNatOutgoingPolicyRules(subnet: SubnetInput): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  (subnet.spec.natOutgoingPolicyRules ?? []).forEach((rule, index) => {
    const field = `spec.natOutgoingPolicyRules[${index}]`;
    const action = rule.action ?? '';
    if (!natOutgoingActions.includes(action)) issues.push(issue(`${field}.action`, action, Reason.InvalidNatOutgoingPolicyRule, 'must be nat or forward'));
    const src = rule.match?.srcIPs ?? '';
    const dst = rule.match?.dstIPs ?? '';
    if (src.trim() === '' && dst.trim() === '') {
      issues.push(issue(`${field}.match`, rule.match ?? {}, Reason.InvalidNatOutgoingPolicyRule, 'needs srcIPs or dstIPs'));
      return;
    }
    const srcFamily = readAddressSetFamily(src);
    const dstFamily = readAddressSetFamily(dst);
    if (srcFamily.problem) issues.push(issue(`${field}.match.srcIPs`, src, Reason.InvalidNatOutgoingPolicyRule, srcFamily.problem));
    if (dstFamily.problem) issues.push(issue(`${field}.match.dstIPs`, dst, Reason.InvalidNatOutgoingPolicyRule, dstFamily.problem));
    if (srcFamily.family && dstFamily.family && srcFamily.family !== dstFamily.family) {
      issues.push(issue(`${field}.match.dstIPs`, dst, Reason.InvalidNatOutgoingPolicyRule, `is ${familyName(dstFamily.family)} but srcIPs is ${familyName(srcFamily.family)}`));
    }
  });
  return issues;
}

/** Every feature rule of the subnet on its own. */
export function checkSubnetFeatures(subnet: SubnetInput): ValidationIssue[] {
  const cidrs = validCidrs(subnet.spec);
  return [
    ...checkEnums(subnet),
    ...checkName(subnet),
    ...checkExternalEgressGateway(subnet, cidrs),
    ...checkPolicyRouting(subnet),
    ...checkU2O(subnet),
    ...checkNatOutgoingPolicyRules(subnet),
  ];
}
