/**
 * Vpc rules (§10.2): static routes, policy routes, peerings, BFD port, the name clash with subnets, external
 * connectivity, and deletion while subnets or NAT rules use the VPC.
 */
import type { VpcSpec } from '../../cluster/kinds/kubeovn-types.js';
import { familyName } from '../../ipam/ip-address.js';
import type { ValidationIssue } from './validation-issue.js';
import { issue } from './validation-issue.js';
import type { NetworkDefaults, SubnetInput, VpcInput } from './inputs.js';
import { readCidr, readCidrOrIp, readIp, splitList } from './address-text.js';
import { effectiveVpc } from './subnet-facts.js';
import { Reason } from './reasons.js';

export interface VpcValidationContext {
  readonly subnets: readonly SubnetInput[];
  /** The default VPC, `ovn-cluster`; its external access is configured elsewhere (ConfigMap flow). */
  readonly defaultVpc: string;
  /** Kube-OVN's `--external-gateway-switch`: the subnet `enableExternal` connects to. Default `external`. */
  readonly externalGatewaySwitch?: string;
}

const staticRoutePolicies = ['', 'policySrc', 'policyDst'];
const policyRouteActions = ['allow', 'drop', 'reroute'];
const MAX_POLICY_PRIORITY = 32767;

function checkStaticRoutes(vpc: VpcInput): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  (vpc.spec.staticRoutes ?? []).forEach((route, index) => {
    const field = `spec.staticRoutes[${index}]`;
    const policy = route.policy ?? '';
    if (!staticRoutePolicies.includes(policy)) {
      issues.push(issue(`${field}.policy`, policy, Reason.InvalidStaticRoutePolicy, 'must be policySrc or policyDst'));
    }
    const cidr = readCidrOrIp((route.cidr ?? '').trim());
    if (!cidr.ok) issues.push(issue(`${field}.cidr`, route.cidr ?? '', Reason.InvalidStaticRouteCidr, cidr.problem));
    const nextHop = readIp((route.nextHopIP ?? '').trim());
    if (!nextHop.ok) issues.push(issue(`${field}.nextHopIP`, route.nextHopIP ?? '', Reason.InvalidNextHop, nextHop.problem));
    if (cidr.ok && nextHop.ok && cidr.value.family !== nextHop.value.family) {
      const text = `is ${familyName(nextHop.value.family)} but the route's cidr ${route.cidr} is ${familyName(cidr.value.family)}`;
      issues.push(issue(`${field}.nextHopIP`, route.nextHopIP, Reason.NextHopFamilyMismatch, text));
    }
  });
  return issues;
}

function checkPolicyRoutes(vpc: VpcInput): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  (vpc.spec.policyRoutes ?? []).forEach((route, index) => {
    const field = `spec.policyRoutes[${index}]`;
    const priority = route.priority ?? 0;
    if (!Number.isInteger(priority) || priority < 0 || priority > MAX_POLICY_PRIORITY) {
      issues.push(issue(`${field}.priority`, priority, Reason.InvalidPolicyRoutePriority, `must be an integer in 0..${MAX_POLICY_PRIORITY}`));
    }
    if ((route.match ?? '').trim() === '') {
      issues.push(issue(`${field}.match`, route.match ?? '', Reason.MissingPolicyRouteMatch, 'is required (an OVN match expression, e.g. ip4.src == 10.0.1.0/24)'));
    }
    const action = route.action ?? '';
    if (!policyRouteActions.includes(action)) {
      issues.push(issue(`${field}.action`, action, Reason.InvalidPolicyRouteAction, 'must be allow, drop or reroute'));
    }
    if (action !== 'reroute') return; // the controller clears nextHopIP for the other actions
    const hops = splitList(route.nextHopIP);
    if (hops.length === 0) issues.push(issue(`${field}.nextHopIP`, route.nextHopIP ?? '', Reason.InvalidNextHop, 'is required for action reroute'));
    for (const hop of hops) {
      const address = readIp(hop);
      if (!address.ok) issues.push(issue(`${field}.nextHopIP`, hop, Reason.InvalidNextHop, address.problem));
    }
  });
  return issues;
}

function checkPeerings(vpc: VpcInput): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  (vpc.spec.vpcPeerings ?? []).forEach((peering, index) => {
    const field = `spec.vpcPeerings[${index}]`;
    if ((peering.remoteVpc ?? '') === '') issues.push(issue(`${field}.remoteVpc`, '', Reason.MissingRemoteVpc, 'is required'));
    const local = (peering.localConnectIP ?? '').trim();
    const cidr = local.includes('/') ? readCidr(local) : undefined;
    if (!cidr || !cidr.ok) {
      const problem = cidr && !cidr.ok ? cidr.problem : 'must be an address with its prefix length, e.g. 169.254.0.1/30';
      issues.push(issue(`${field}.localConnectIP`, peering.localConnectIP ?? '', Reason.InvalidLocalConnectIP, problem));
    }
  });
  return issues;
}

function checkBfdPort(vpc: VpcInput): ValidationIssue[] {
  const port = vpc.spec.bfdPort;
  if (port?.enabled !== true) return [];
  const items = splitList(port.ip);
  if (items.length === 0) return [issue('spec.bfdPort.ip', port.ip ?? '', Reason.InvalidBfdPortIP, 'is required when spec.bfdPort.enabled is true')];
  return items.flatMap((item) => {
    const address = readIp(item);
    return address.ok ? [] : [issue('spec.bfdPort.ip', item, Reason.InvalidBfdPortIP, address.problem)];
  });
}

function checkExternal(vpc: VpcInput, ctx: VpcValidationContext): ValidationIssue[] {
  if (vpc.metadata.name === ctx.defaultVpc) return [];
  const exists = (name: string): boolean => ctx.subnets.some((subnet) => subnet.metadata.name === name);
  const issues: ValidationIssue[] = [];
  const extra = vpc.spec.extraExternalSubnets ?? [];
  extra.forEach((name, index) => {
    if (!exists(name)) issues.push(issue(`spec.extraExternalSubnets[${index}]`, name, Reason.ExternalSubnetNotFound, `no Subnet "${name}" exists`, `Subnet/${name}`));
  });
  const external = ctx.externalGatewaySwitch ?? 'external';
  if (vpc.spec.enableExternal === true && extra.length === 0 && !exists(external)) {
    const text = `needs the external subnet "${external}" or spec.extraExternalSubnets; neither exists`;
    issues.push(issue('spec.enableExternal', true, Reason.ExternalSubnetNotFound, text, `Subnet/${external}`));
  }
  return issues;
}

function checkNameAgainstSubnets(vpc: VpcInput, ctx: VpcValidationContext): ValidationIssue[] {
  const name = vpc.metadata.name;
  if (!ctx.subnets.some((subnet) => subnet.metadata.name === name)) return [];
  return [issue('metadata.name', name, Reason.NameConflictsWithSubnet, 'is the name of an existing Subnet; a VPC and a subnet cannot share a name', `Subnet/${name}`)];
}

/** Issues of `vpc`; `previous` is the spec the controller last applied (absent: a new VPC). */
export function validateVpc(vpc: VpcInput, ctx: VpcValidationContext, previous?: VpcSpec): ValidationIssue[] {
  return [
    ...checkStaticRoutes(vpc),
    ...checkPolicyRoutes(vpc),
    ...checkPeerings(vpc),
    ...checkBfdPort(vpc),
    ...checkExternal(vpc, ctx),
    ...(previous === undefined ? checkNameAgainstSubnets(vpc, ctx) : []),
  ];
}

/** An OVN NAT object (OvnFip, OvnSnatRule, OvnDnatRule) and the VPC it lives in. */
export interface NatRuleReference {
  readonly kind: string;
  readonly name: string;
  readonly vpc: string;
}

export interface VpcDeletionContext extends NetworkDefaults {
  readonly subnets: readonly SubnetInput[];
  readonly natRules?: readonly NatRuleReference[];
}

/** A VPC may not be deleted while subnets (by spec or status) or OVN NAT rules use it. */
export function validateVpcDeletion(vpc: VpcInput, ctx: VpcDeletionContext): ValidationIssue[] {
  const name = vpc.metadata.name;
  const subnets = new Set(vpc.status?.subnets ?? []);
  for (const subnet of ctx.subnets) if (effectiveVpc(subnet.spec, ctx) === name) subnets.add(subnet.metadata.name);
  const issues: ValidationIssue[] = [];
  if (subnets.size > 0) {
    const names = [...subnets].sort();
    issues.push(issue('metadata.name', name, Reason.VpcHasSubnets, `is still used by Subnet(s) ${names.join(', ')}; delete them first`, `Subnet/${names[0]}`));
  }
  for (const rule of ctx.natRules ?? []) {
    if (rule.vpc !== name) continue;
    issues.push(issue('metadata.name', name, Reason.VpcReferencedByNat, `is still used by ${rule.kind} "${rule.name}"`, `${rule.kind}/${rule.name}`));
  }
  return issues;
}
