/**
 * OvnEip, OvnFip, OvnSnatRule and OvnDnatRule rules (§10.6 "OVN EIP/FIP/SNAT/DNAT", plus the controller-side
 * checks of Kube-OVN's ovn_*.go handlers). Pure: the facts come in as lookups. Resolving a rule yields either
 * the addresses its NAT row needs or the issues that keep it out of OVN entirely.
 *
 * | Reason | Kind | Rejected input | Source |
 * |---|---|---|---|
 * | MissingOvnEip | Fip, Snat, Dnat | spec.ovnEip empty | §10.6 |
 * | OvnEipNotFound | Fip, Snat, Dnat | spec.ovnEip names no OvnEip | §10.6 (controller) |
 * | OvnEipNotReady | Fip, Snat, Dnat | the OvnEip holds no address yet (transient) | Kube-OVN controller |
 * | OvnEipTypeMismatch | Fip, Snat, Dnat | the OvnEip is a VPC's router port address (type lrp) | Kube-OVN controller |
 * | OvnEipInUse | Fip, Snat, Dnat, OvnEip | FIP on an EIP other rules use (or the reverse); deleting a used EIP | §10.6 |
 * | OvnEipInOtherVpc | Fip, Snat, Dnat | the EIP already serves a rule of another VPC | kovn |
 * | ExternalSubnetMismatch | Fip, Snat, Dnat | the EIP's subnet is not the external subnet of the rule's VPC | kovn |
 * | MissingNatTarget | Fip, Snat, Dnat | no ipName / v4Ip (FIP, DNAT) or no vpcSubnet / ipName / v4IpCidr (SNAT) | §10.6 |
 * | NatTargetConflict | Snat | vpcSubnet and ipName together | §10.6 |
 * | IPNotFound | Fip, Snat, Dnat | ipName names no IP object | Kube-OVN controller |
 * | VipNotSupported | Fip, Dnat | ipType vip (kovn has no Vip kind) | kovn |
 * | InvalidNatAddress | Fip, Snat, Dnat | v4Ip / v4IpCidr not an IPv4 address (CIDR) | §10.6 |
 * | IPv6NatNotSupported | all | v6Ip / v6IpCidr set | kovn |
 * | MissingVpc | Fip, Snat, Dnat | a bare address without spec.vpc | kovn |
 * | VpcMismatch | Fip, Snat, Dnat | spec.vpc differs from the VPC of the subnet/IP named | kovn |
 * | VpcNotFound | Fip, Snat, Dnat | the VPC does not exist | Kube-OVN controller |
 * | VpcWithoutExternal | Fip, Snat, Dnat | the VPC has no external access (enableExternal off or not ready) | Kube-OVN controller |
 * | AddressNotInVpc | Fip, Snat, Dnat | the internal address lies in no subnet of the VPC | kovn |
 * | InvalidNatPort | Dnat | externalPort / internalPort not an integer in 1..65535 | §10.6 |
 * | InvalidNatProtocol | Dnat | protocol not tcp / udp | §10.6 |
 * | NatRuleConflict | Fip, Snat, Dnat | same EIP:port/protocol (DNAT), same internal address (FIP, SNAT) as another rule | kovn |
 * | SpecImmutable | all | a change to an applied spec ("does not support change") | §10.6 |
 * | DnatNeedsOneExternalPort | Dnat | the VPC has extra external ports (no router LB with several gateway ports in OVN 23.03) | kovn |
 * | InvalidOvnEipType | OvnEip | type not "", nat, lrp (lsp: kovn has no node-side ECMP/BFD next hops) | kovn |
 * | ExternalSubnetNotFound | OvnEip | externalSubnet names no accepted subnet, or one without IPv4 | Kube-OVN controller |
 * | ExternalSubnetNotUnderlay | OvnEip | externalSubnet is an overlay subnet | kovn |
 */
import type { IP, OvnDnatRule, OvnEip, OvnFip, OvnSnatRule } from '../../cluster/kinds/kubeovn-types.js';
import type { Cidr } from '../../ipam/ip-address.js';
import { cidrContains, formatCidr, parseCidr } from '../../ipam/ip-address.js';
import type { NatRuleView } from '../desired/cluster-view.js';
import type { AppliedEip, AppliedNatRule, NatRuleKind } from '../ovn-nat-state.js';
import type { ValidationIssue } from './validation-issue.js';
import { issue } from './validation-issue.js';
import { readCidrOrIp, readIp } from './address-text.js';

export const NatReason = {
  MissingOvnEip: 'MissingOvnEip',
  OvnEipNotFound: 'OvnEipNotFound',
  OvnEipNotReady: 'OvnEipNotReady',
  OvnEipTypeMismatch: 'OvnEipTypeMismatch',
  OvnEipInUse: 'OvnEipInUse',
  OvnEipInOtherVpc: 'OvnEipInOtherVpc',
  ExternalSubnetMismatch: 'ExternalSubnetMismatch',
  MissingNatTarget: 'MissingNatTarget',
  NatTargetConflict: 'NatTargetConflict',
  IPNotFound: 'IPNotFound',
  VipNotSupported: 'VipNotSupported',
  InvalidNatAddress: 'InvalidNatAddress',
  IPv6NatNotSupported: 'IPv6NatNotSupported',
  MissingVpc: 'MissingVpc',
  VpcMismatch: 'VpcMismatch',
  VpcNotFound: 'VpcNotFound',
  VpcWithoutExternal: 'VpcWithoutExternal',
  AddressNotInVpc: 'AddressNotInVpc',
  InvalidNatPort: 'InvalidNatPort',
  InvalidNatProtocol: 'InvalidNatProtocol',
  NatRuleConflict: 'NatRuleConflict',
  SpecImmutable: 'SpecImmutable',
  DnatNeedsOneExternalPort: 'DnatNeedsOneExternalPort',
  InvalidOvnEipType: 'InvalidOvnEipType',
  ExternalSubnetNotFound: 'ExternalSubnetNotFound',
  ExternalSubnetNotUnderlay: 'ExternalSubnetNotUnderlay',
} as const;

/** Transient: the object is fine, a dependency is not ready yet; the controller retries. */
export const transientNatReasons: ReadonlySet<string> = new Set([NatReason.OvnEipNotReady]);

export interface NatSubnetFacts {
  readonly name: string;
  readonly vpc: string;
  /** Normalized CIDRs of the subnet. */
  readonly cidrs: readonly string[];
}

/** What resolving a NAT rule looks at. */
export interface NatFacts {
  readonly eipObject: (name: string) => OvnEip | undefined;
  readonly appliedEip: (name: string) => AppliedEip | undefined;
  readonly ipObject: (name: string) => IP | undefined;
  readonly subnet: (name: string) => NatSubnetFacts | undefined;
  readonly subnets: () => readonly NatSubnetFacts[];
  readonly vpcExists: (name: string) => boolean;
  /** The external subnets a VPC is connected to now (the default one first); empty: no external access. */
  readonly vpcExternalSubnets: (name: string) => readonly string[];
  /** Every accepted rule but the one being resolved. */
  readonly otherRules: readonly AppliedNatRule[];
}

type NatObject = OvnFip | OvnSnatRule | OvnDnatRule;

export interface NatResolution {
  readonly view?: NatRuleView;
  readonly issues: readonly ValidationIssue[];
}

interface Target {
  readonly internal: string;
  readonly vpc?: string;
  readonly logicalPort?: string;
  /** Where the VPC came from, for a mismatch message. */
  readonly source?: string;
}

const SHORT: Record<NatRuleKind, NatRuleView['kind']> = { OvnFip: 'fip', OvnSnatRule: 'snat', OvnDnatRule: 'dnat' };

/** The NAT row a rule object asks for, or why it cannot have one. */
export function resolveNatRule(kind: NatRuleKind, obj: NatObject, facts: NatFacts): NatResolution {
  const issues: ValidationIssue[] = [];
  const spec = obj.spec ?? {};
  const eipName = (spec.ovnEip ?? '').trim();
  if (!eipName) issues.push(issue('spec.ovnEip', spec.ovnEip ?? '', NatReason.MissingOvnEip, 'is required: name the OvnEip whose address the rule uses'));
  for (const field of ['v6Ip', 'v6IpCidr'] as const) {
    const value = (spec as Record<string, unknown>)[field];
    if (typeof value === 'string' && value.trim()) issues.push(issue(`spec.${field}`, value, NatReason.IPv6NatNotSupported, 'IPv6 OVN NAT is not supported by kovn yet; use an IPv4 address'));
  }
  const target = kind === 'OvnSnatRule' ? snatTarget(obj as OvnSnatRule, facts, issues) : addressTarget(obj as OvnFip | OvnDnatRule, facts, issues);
  const ports = kind === 'OvnDnatRule' ? dnatPorts(obj as OvnDnatRule, issues) : undefined;
  if (issues.length > 0 || !target) return { issues };

  const vpc = resolveVpc(target, (spec.vpc ?? '').trim(), facts, issues);
  if (!vpc) return { issues };
  if (!target.vpc) checkInsideVpc(target.internal, vpc, facts, issues);
  const eip = resolveEip(eipName, vpc, facts, issues);
  if (!eip || issues.length > 0) return { issues };
  if (kind === 'OvnDnatRule' && facts.vpcExternalSubnets(vpc).length > 1) {
    const text = `Vpc "${vpc}" has several external ports (extraExternalSubnets), and OVN 23.03 runs no router load balancer then`;
    return { issues: [issue('spec.vpc', vpc, NatReason.DnatNeedsOneExternalPort, text, `Vpc/${vpc}`)] };
  }

  const view: NatRuleView = {
    kind: SHORT[kind],
    name: obj.metadata.name,
    vpc,
    externalIp: eip.v4,
    externalSubnet: eip.subnet,
    internalIp: target.internal,
    ...(kind === 'OvnFip' && (obj as OvnFip).spec.type === 'distributed' && target.logicalPort ? { logicalPort: target.logicalPort, externalMac: eip.mac } : {}),
    ...(ports ?? {}),
  };
  checkExclusivity(kind, view, eipName, facts.otherRules, issues);
  return issues.length > 0 ? { issues } : { view, issues };
}

/** FIP and DNAT: an IP object (`ipName`) or a bare `v4Ip` (with `vpc`). */
function addressTarget(obj: OvnFip | OvnDnatRule, facts: NatFacts, issues: ValidationIssue[]): Target | undefined {
  const spec = obj.spec ?? {};
  if (spec.ipType === 'vip') {
    issues.push(issue('spec.ipType', 'vip', NatReason.VipNotSupported, 'kovn has no Vip kind; name an IP object (ipType ip) or set v4Ip'));
    return undefined;
  }
  const ipName = (spec.ipName ?? '').trim();
  if (ipName) return ipObjectTarget(ipName, facts, issues);
  const v4 = (spec.v4Ip ?? '').trim();
  if (!v4) {
    issues.push(issue('spec.ipName', '', NatReason.MissingNatTarget, 'is required (the IP object of the pod), or set spec.v4Ip and spec.vpc'));
    return undefined;
  }
  const ip = readIp(v4);
  if (!ip.ok || ip.value.family !== 4) {
    issues.push(issue('spec.v4Ip', v4, NatReason.InvalidNatAddress, ip.ok ? 'is not an IPv4 address' : ip.problem));
    return undefined;
  }
  return { internal: v4 };
}

function ipObjectTarget(ipName: string, facts: NatFacts, issues: ValidationIssue[]): Target | undefined {
  const ip = facts.ipObject(ipName);
  if (!ip) {
    issues.push(issue('spec.ipName', ipName, NatReason.IPNotFound, `no IP object "${ipName}" exists`, `IP/${ipName}`));
    return undefined;
  }
  const v4 = (ip.spec.v4IpAddress ?? '').trim();
  const subnet = ip.spec.subnet ? facts.subnet(ip.spec.subnet) : undefined;
  if (!v4 || !subnet) {
    issues.push(issue('spec.ipName', ipName, NatReason.IPNotFound, `IP "${ipName}" has no IPv4 address in an accepted subnet`, `IP/${ipName}`));
    return undefined;
  }
  return { internal: v4, vpc: subnet.vpc, logicalPort: ipName, source: `IP "${ipName}" (subnet ${subnet.name})` };
}

/** SNAT: a subnet of the VPC (`vpcSubnet`), one IP object (`ipName`), or a bare `v4IpCidr` (with `vpc`). */
function snatTarget(obj: OvnSnatRule, facts: NatFacts, issues: ValidationIssue[]): Target | undefined {
  const spec = obj.spec ?? {};
  const subnetName = (spec.vpcSubnet ?? '').trim();
  const ipName = (spec.ipName ?? '').trim();
  if (subnetName && ipName) {
    issues.push(issue('spec.vpcSubnet', subnetName, NatReason.NatTargetConflict, `and spec.ipName "${ipName}" are exclusive: SNAT either a whole subnet or one IP`));
    return undefined;
  }
  if (subnetName) {
    const subnet = facts.subnet(subnetName);
    const v4 = subnet?.cidrs.find((c) => !c.includes(':'));
    if (!subnet || !v4) {
      issues.push(issue('spec.vpcSubnet', subnetName, NatReason.MissingNatTarget, subnet ? 'has no IPv4 CIDR' : `no accepted Subnet "${subnetName}" exists`, `Subnet/${subnetName}`));
      return undefined;
    }
    return { internal: v4, vpc: subnet.vpc, source: `Subnet "${subnetName}"` };
  }
  if (ipName) return ipObjectTarget(ipName, facts, issues);
  const text = (spec.v4IpCidr ?? '').trim();
  if (!text) {
    issues.push(issue('spec.vpcSubnet', '', NatReason.MissingNatTarget, 'SNAT needs a target: set spec.vpcSubnet, spec.ipName, or spec.v4IpCidr with spec.vpc'));
    return undefined;
  }
  const cidr = readCidrOrIp(text);
  if (!cidr.ok || cidr.value.family !== 4) {
    issues.push(issue('spec.v4IpCidr', text, NatReason.InvalidNatAddress, cidr.ok ? 'is not an IPv4 address or CIDR' : cidr.problem));
    return undefined;
  }
  return { internal: cidr.value.prefix === 32 ? text.split('/')[0] : formatCidr(cidr.value) };
}

function dnatPorts(obj: OvnDnatRule, issues: ValidationIssue[]): Pick<NatRuleView, 'protocol' | 'externalPort' | 'internalPort'> | undefined {
  const spec = obj.spec ?? {};
  const port = (field: 'externalPort' | 'internalPort'): number | undefined => {
    const text = String(spec[field] ?? '').trim();
    const value = /^\d+$/.test(text) ? Number(text) : NaN;
    if (value >= 1 && value <= 65535) return value;
    issues.push(issue(`spec.${field}`, text, NatReason.InvalidNatPort, 'must be a port number in 1..65535'));
    return undefined;
  };
  const externalPort = port('externalPort');
  const internalPort = port('internalPort');
  const protocol = (spec.protocol ?? '').trim() || 'tcp';
  if (protocol !== 'tcp' && protocol !== 'udp') {
    issues.push(issue('spec.protocol', spec.protocol, NatReason.InvalidNatProtocol, 'must be tcp or udp'));
    return undefined;
  }
  if (externalPort === undefined || internalPort === undefined) return undefined;
  return { protocol, externalPort, internalPort };
}

function resolveVpc(target: Target, specVpc: string, facts: NatFacts, issues: ValidationIssue[]): string | undefined {
  if (target.vpc && specVpc && specVpc !== target.vpc) {
    issues.push(issue('spec.vpc', specVpc, NatReason.VpcMismatch, `differs from the VPC of ${target.source}, "${target.vpc}"`, `Vpc/${target.vpc}`));
    return undefined;
  }
  const vpc = target.vpc ?? specVpc;
  if (!vpc) {
    issues.push(issue('spec.vpc', '', NatReason.MissingVpc, 'is required with a bare address: name the VPC the address lives in'));
    return undefined;
  }
  if (!facts.vpcExists(vpc)) {
    issues.push(issue('spec.vpc', vpc, NatReason.VpcNotFound, `no Vpc "${vpc}" exists`, `Vpc/${vpc}`));
    return undefined;
  }
  if (facts.vpcExternalSubnets(vpc).length === 0) {
    issues.push(issue('spec.vpc', vpc, NatReason.VpcWithoutExternal, `Vpc "${vpc}" has no external access: set its spec.enableExternal (and label a node ovn.kubernetes.io/external-gw=true)`, `Vpc/${vpc}`));
    return undefined;
  }
  return vpc;
}

function checkInsideVpc(internal: string, vpc: string, facts: NatFacts, issues: ValidationIssue[]): void {
  const inner = parseCidr(internal.includes('/') ? internal : `${internal}/32`);
  if (!inner) return;
  const holds = (cidrText: string) => {
    const cidr: Cidr | undefined = parseCidr(cidrText);
    return cidr !== undefined && cidr.family === inner.family && cidr.prefix <= inner.prefix && cidrContains(cidr, { family: inner.family, value: inner.network });
  };
  if (facts.subnets().some((s) => s.vpc === vpc && s.cidrs.some(holds))) return;
  const field = internal.includes('/') ? 'spec.v4IpCidr' : 'spec.v4Ip';
  issues.push(issue(field, internal, NatReason.AddressNotInVpc, `lies in no subnet of Vpc "${vpc}"`, `Vpc/${vpc}`));
}

function resolveEip(name: string, vpc: string, facts: NatFacts, issues: ValidationIssue[]): AppliedEip | undefined {
  const obj = facts.eipObject(name);
  if (!obj || obj.metadata.deletionTimestamp) {
    issues.push(issue('spec.ovnEip', name, NatReason.OvnEipNotFound, `no OvnEip "${name}" exists`, `OvnEip/${name}`));
    return undefined;
  }
  if (obj.spec?.type === 'lrp' || obj.spec?.type === 'lsp') {
    issues.push(issue('spec.ovnEip', name, NatReason.OvnEipTypeMismatch, `is of type ${obj.spec.type} (a router or node port address), not nat`, `OvnEip/${name}`));
    return undefined;
  }
  const eip = facts.appliedEip(name);
  if (!eip) {
    issues.push(issue('spec.ovnEip', name, NatReason.OvnEipNotReady, `OvnEip "${name}" holds no address yet`, `OvnEip/${name}`));
    return undefined;
  }
  const external = facts.vpcExternalSubnets(vpc);
  if (!external.includes(eip.subnet)) {
    const text = `is on external subnet "${eip.subnet}", but Vpc "${vpc}" is connected to "${external.join('", "')}"`;
    issues.push(issue('spec.ovnEip', name, NatReason.ExternalSubnetMismatch, text, `Subnet/${eip.subnet}`));
    return undefined;
  }
  return eip;
}

/**
 * A FIP owns its EIP; SNAT and DNAT rules may share one (DNAT on distinct ports). One EIP serves one VPC (two
 * routers answering for one address would split its traffic). One internal address has one FIP, one SNAT source
 * one SNAT rule.
 */
function checkExclusivity(kind: NatRuleKind, view: NatRuleView, eipName: string, others: readonly AppliedNatRule[], issues: ValidationIssue[]): void {
  for (const other of others) {
    const ref = `${other.kind}/${other.name}`;
    if (other.eip === eipName) {
      if (other.view.vpc !== view.vpc) {
        issues.push(issue('spec.ovnEip', eipName, NatReason.OvnEipInOtherVpc, `already serves ${other.kind} "${other.name}" in Vpc "${other.view.vpc}"`, ref));
        continue;
      }
      if (kind === 'OvnFip' || other.kind === 'OvnFip') {
        issues.push(issue('spec.ovnEip', eipName, NatReason.OvnEipInUse, `is already used by ${other.kind} "${other.name}"; a FIP needs an EIP of its own`, ref));
        continue;
      }
      if (kind === 'OvnDnatRule' && other.kind === 'OvnDnatRule' && other.view.externalPort === view.externalPort && other.view.protocol === view.protocol) {
        const text = `port ${view.protocol}/${view.externalPort} is already forwarded by OvnDnatRule "${other.name}"`;
        issues.push(issue('spec.externalPort', String(view.externalPort), NatReason.NatRuleConflict, text, ref));
        continue;
      }
    }
    if (other.kind === kind && kind !== 'OvnDnatRule' && other.view.vpc === view.vpc && other.view.internalIp === view.internalIp) {
      issues.push(issue('spec', view.internalIp, NatReason.NatRuleConflict, `${view.internalIp} in Vpc "${view.vpc}" is already translated by ${other.kind} "${other.name}"`, ref));
    }
  }
}
