/**
 * Subnet rules that look at other objects (§10.1 rows 12, 20–24, 29–31, plus kovn's checks for a missing
 * Vpc, Vlan or ProviderNetwork): overlaps, references and namespace ownership.
 */
import type { Cidr } from '../../ipam/ip-address.js';
import { cidrContains, formatCidr } from '../../ipam/ip-address.js';
import type { ValidationIssue } from './validation-issue.js';
import { issue } from './validation-issue.js';
import type { SubnetInput, SubnetValidationContext, VpcInput } from './inputs.js';
import { cidrsOverlap, readIp } from './address-text.js';
import { effectiveVpc, isOvnProvider, validCidrs } from './subnet-facts.js';
import { findConflictingVlan, vlanIdOf, vlanProvider } from './vlan-rules.js';
import { Reason } from './reasons.js';

function where(vpc: string, vlan: string): string {
  return vlan === '' ? `in VPC ${vpc}` : `in VPC ${vpc} on Vlan ${vlan}`;
}

function checkVlan(subnet: SubnetInput, ctx: SubnetValidationContext): ValidationIssue[] {
  const name = subnet.spec.vlan ?? '';
  if (name === '') return [];
  const vlan = ctx.vlans.find((v) => v.metadata.name === name);
  if (!vlan) return [issue('spec.vlan', name, Reason.VlanNotFound, `no Vlan "${name}" exists`, `Vlan/${name}`)];
  const provider = vlanProvider(vlan, ctx.defaultProviderNetwork);
  const other = findConflictingVlan(vlan, ctx.vlans, ctx.defaultProviderNetwork);
  if (other) {
    const text = `Vlan "${name}" uses id ${vlanIdOf(vlan)} on ProviderNetwork "${provider}", which Vlan "${other.metadata.name}" already uses`;
    return [issue('spec.vlan', name, Reason.VlanIdConflict, text, `Vlan/${other.metadata.name}`)];
  }
  const pn = ctx.providerNetworks.find((p) => p.metadata.name === provider);
  if (!pn) {
    const text = `Vlan "${name}" uses ProviderNetwork "${provider}", which does not exist`;
    return [issue('spec.vlan', name, Reason.ProviderNetworkNotFound, text, `ProviderNetwork/${provider}`)];
  }
  // The provider lists the Vlans it has set up; until then the subnet waits (Kube-OVN requeues silently).
  const processed = pn.status?.vlans;
  if (processed && !processed.includes(name)) {
    return [issue('spec.vlan', name, Reason.VlanNotReady, `ProviderNetwork "${provider}" has not set up Vlan "${name}" yet`, `ProviderNetwork/${provider}`)];
  }
  return [];
}

function checkVpc(subnet: SubnetInput, vpcName: string, vpc: VpcInput | undefined): ValidationIssue[] {
  if (!vpc) return [issue('spec.vpc', vpcName, Reason.VpcNotFound, `no Vpc "${vpcName}" exists`, `Vpc/${vpcName}`)];
  if (vpc.status?.standby !== true) {
    return [issue('spec.vpc', vpcName, Reason.VpcNotReady, `Vpc "${vpcName}" is not ready (status.standby is not true) yet`, `Vpc/${vpcName}`)];
  }
  return [];
}

function checkNamespaces(subnet: SubnetInput, vpcName: string, vpc: VpcInput | undefined, ctx: SubnetValidationContext): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  (subnet.spec.namespaces ?? []).forEach((namespace, index) => {
    const field = `spec.namespaces[${index}]`;
    if (vpcName !== ctx.defaultVpc) {
      if (vpc && !(vpc.spec.namespaces ?? []).includes(namespace)) {
        issues.push(issue(field, namespace, Reason.NamespaceNotInVpc, `is not in spec.namespaces of Vpc "${vpcName}"`, `Vpc/${vpcName}`));
      }
      return;
    }
    const owner = ctx.vpcs.find((v) => v.metadata.name !== ctx.defaultVpc && (v.spec.namespaces ?? []).includes(namespace));
    if (owner) {
      issues.push(issue(field, namespace, Reason.NamespaceClaimedByVpc, `is bound to Vpc "${owner.metadata.name}", not to the default VPC ${ctx.defaultVpc}`, `Vpc/${owner.metadata.name}`));
    }
  });
  return issues;
}

function checkOverlaps(subnet: SubnetInput, cidrs: readonly Cidr[], vpcName: string, ctx: SubnetValidationContext): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const vlan = subnet.spec.vlan ?? '';
  for (const other of ctx.subnets) {
    if (other.metadata.name === subnet.metadata.name || !isOvnProvider(other.spec.provider)) continue;
    if (effectiveVpc(other.spec, ctx) !== vpcName || (other.spec.vlan ?? '') !== vlan) continue;
    const otherName = other.metadata.name;
    for (const otherCidr of validCidrs(other.spec) ?? []) {
      for (const cidr of cidrs.filter((mine) => cidrsOverlap(mine, otherCidr))) {
        const text = `overlaps Subnet "${otherName}" (${formatCidr(otherCidr)}) ${where(vpcName, vlan)}`;
        issues.push(issue('spec.cidrBlock', formatCidr(cidr), Reason.CIDRConflict, text, `Subnet/${otherName}`));
      }
    }
    const table = subnet.spec.policyRoutingTableID;
    const bothEgress = (subnet.spec.externalEgressGateway ?? '') !== '' && (other.spec.externalEgressGateway ?? '') !== '';
    if (bothEgress && table !== undefined && table === other.spec.policyRoutingTableID) {
      const text = `is also used by Subnet "${otherName}" with an externalEgressGateway ${where(vpcName, vlan)}`;
      issues.push(issue('spec.policyRoutingTableID', table, Reason.PolicyRoutingTableConflict, text, `Subnet/${otherName}`));
    }
  }
  return issues;
}

/** Default-VPC subnets share the node network's routing: they may not hold node or API server addresses. */
function checkDefaultVpcAddresses(subnet: SubnetInput, cidrs: readonly Cidr[], ctx: SubnetValidationContext): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const holder = (text: string): Cidr | undefined => {
    const address = readIp(text);
    return address.ok ? cidrs.find((cidr) => cidrContains(cidr, address.value)) : undefined;
  };
  const api = ctx.apiServerServiceIP;
  const apiCidr = api ? holder(api) : undefined;
  if (api && apiCidr) {
    issues.push(issue('spec.cidrBlock', formatCidr(apiCidr), Reason.ApiServerAddressConflict, `holds the Kubernetes API service address ${api}`, 'Service/default/kubernetes'));
  }
  if ((subnet.spec.vlan ?? '') !== '') return issues; // underlay: node addresses live on the physical network
  for (const node of ctx.nodes) {
    for (const address of node.internalIPs) {
      const cidr = holder(address);
      if (cidr) issues.push(issue('spec.cidrBlock', formatCidr(cidr), Reason.NodeAddressConflict, `holds the InternalIP ${address} of Node "${node.name}"`, `Node/${node.name}`));
    }
  }
  return issues;
}

function checkNameAgainstVpcs(subnet: SubnetInput, ctx: SubnetValidationContext): ValidationIssue[] {
  const name = subnet.metadata.name;
  if ((subnet.spec.vpc ?? '') === name || !ctx.vpcs.some((vpc) => vpc.metadata.name === name)) return [];
  return [issue('metadata.name', name, Reason.NameConflictsWithVpc, `is the name of an existing Vpc; a subnet and a VPC cannot share a name`, `Vpc/${name}`)];
}

/**
 * Every rule that needs the rest of the cluster. `isNew`: the controller has never applied this subnet
 * (Kube-OVN checks the name clash with VPCs on create only).
 */
export function checkSubnetAgainstCluster(subnet: SubnetInput, ctx: SubnetValidationContext, isNew: boolean): ValidationIssue[] {
  const issues = [...checkVlan(subnet, ctx), ...(isNew ? checkNameAgainstVpcs(subnet, ctx) : [])];
  // IPAM-only subnets (e.g. macvlan) get no logical switch: VPC, namespace and overlap rules do not apply.
  if (!isOvnProvider(subnet.spec.provider)) return issues;
  const vpcName = effectiveVpc(subnet.spec, ctx);
  const vpc = ctx.vpcs.find((v) => v.metadata.name === vpcName);
  issues.push(...checkVpc(subnet, vpcName, vpc), ...checkNamespaces(subnet, vpcName, vpc, ctx));
  const cidrs = validCidrs(subnet.spec);
  if (!cidrs) return issues;
  issues.push(...checkOverlaps(subnet, cidrs, vpcName, ctx));
  if (vpcName === ctx.defaultVpc) issues.push(...checkDefaultVpcAddresses(subnet, cidrs, ctx));
  return issues;
}
