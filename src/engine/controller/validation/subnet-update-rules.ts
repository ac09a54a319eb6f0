/**
 * Subnet rules that compare with the spec the controller last applied, and the deletion rule (§10.1 rows
 * 25–28; Kube-OVN's webhook makes them, kovn's controller makes them before it writes anything).
 */
import type { SubnetSpec } from '../../cluster/kinds/kubeovn-types.js';
import type { ValidationIssue } from './validation-issue.js';
import { issue } from './validation-issue.js';
import type { NetworkDefaults, SubnetInput } from './inputs.js';
import { validCidrs } from './subnet-facts.js';
import { Reason } from './reasons.js';

/** IPs in use according to the subnet's status (both families; dual-stack counts each pod once per family). */
export function usingIPsOf(subnet: SubnetInput): number {
  return Math.max(subnet.status?.v4usingIPs ?? 0, subnet.status?.v6usingIPs ?? 0);
}

/** The gateway text as a comparable key: items trimmed, order-independent. */
function gatewayKey(text: string | undefined): string {
  return (text ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '').sort().join(',');
}

function checkGatewayChange(subnet: SubnetInput, previous: SubnetSpec, usingIPs: number): ValidationIssue[] {
  const before = gatewayKey(previous.gateway);
  const after = gatewayKey(subnet.spec.gateway);
  // A new CIDR re-addresses every pod (new address, new gateway): only a gateway moved inside the same CIDR
  // would strand running pods on the old one.
  const sameCidr = gatewayKey(previous.cidrBlock) === gatewayKey(subnet.spec.cidrBlock);
  if (usingIPs === 0 || before === '' || before === after || !sameCidr) return [];
  const text = `cannot replace gateway "${before}" while ${usingIPs} IP(s) of the subnet are in use; pods keep the old gateway`;
  return [issue('spec.gateway', subnet.spec.gateway ?? '', Reason.GatewayChangeWhileInUse, text)];
}

function checkUnderlayCidrChange(subnet: SubnetInput, previous: SubnetSpec): ValidationIssue[] {
  const hadCidr = (previous.cidrBlock ?? '').trim() !== '';
  const hasCidr = (subnet.spec.cidrBlock ?? '').trim() !== '';
  const wasUnderlay = (previous.vlan ?? '') !== '';
  if (wasUnderlay && !hadCidr && hasCidr) {
    return [issue('spec.cidrBlock', subnet.spec.cidrBlock, Reason.UnderlayCIDRChange, 'cannot be added to an underlay subnet created without addresses; create a new subnet')];
  }
  if (wasUnderlay && hadCidr && !hasCidr) {
    return [issue('spec.cidrBlock', subnet.spec.cidrBlock ?? '', Reason.UnderlayCIDRChange, `cannot be removed from an underlay subnet (was "${previous.cidrBlock}")`)];
  }
  return [];
}

function checkVpcChange(subnet: SubnetInput, previous: SubnetSpec, defaults: NetworkDefaults): ValidationIssue[] {
  const before = previous.vpc ?? '';
  const after = subnet.spec.vpc ?? '';
  if (before === after || (before === '' && after === defaults.defaultVpc)) return [];
  return [issue('spec.vpc', after, Reason.VpcImmutable, `cannot change from "${before}"; only an empty vpc may become ${defaults.defaultVpc}`, `Vpc/${before}`)];
}

/**
 * Rules for an update: `previous` is the spec the controller last applied (compare formatted specs, so a
 * filled-in default does not read as a change); `usingIPs` defaults to the subnet's status counters.
 */
export function checkSubnetUpdate(subnet: SubnetInput, previous: SubnetSpec, defaults: NetworkDefaults, usingIPs = usingIPsOf(subnet)): ValidationIssue[] {
  return [...checkGatewayChange(subnet, previous, usingIPs), ...checkUnderlayCidrChange(subnet, previous), ...checkVpcChange(subnet, previous, defaults)];
}

/** §10.1 #28: a subnet with IPs in use may not be deleted (its pods would lose their network). */
export function validateSubnetDeletion(subnet: SubnetInput, usingIPs: number = usingIPsOf(subnet)): ValidationIssue[] {
  if (usingIPs <= 0) return [];
  const cidr = validCidrs(subnet.spec)?.length ? ` (${subnet.spec.cidrBlock})` : '';
  const text = `${usingIPs} IP(s) of the subnet${cidr} are still in use; delete the pods and IPs first`;
  return [issue('metadata.name', subnet.metadata.name, Reason.SubnetInUse, text)];
}
