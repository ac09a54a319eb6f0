import type { OvnEip, Vpc } from '../cluster/kinds/kubeovn-types.js';
import type { ControllerContext } from './controller-context.js';
import { externalGatewayChassis, extraExternalSubnets, EXTERNAL_GW_LABEL } from './external-access.js';
import { vpcExternalEipName } from './ovn-nat-state.js';
import { EIP_TYPE_LABEL, EIP_VPC_LABEL } from './reconcile-ovn-eip.js';
import { Reason } from './validation/reasons.js';
import type { ValidationIssue } from './validation/validation-issue.js';
import { issue } from './validation/validation-issue.js';

/** Why a VPC's external access is not (yet) in OVN, beyond the spec rules of validateVpc. */
export const ExternalReason = {
  ExternalSubnetNotFound: Reason.ExternalSubnetNotFound,
  ExternalSubnetNotUnderlay: 'ExternalSubnetNotUnderlay',
  ExternalAddressConflict: 'ExternalAddressConflict',
  NoExternalGatewayNode: 'NoExternalGatewayNode',
  ExternalAddressPending: 'ExternalAddressPending',
  ExternalOnDefaultVpc: 'ExternalOnDefaultVpc',
} as const;

/**
 * `enableExternal` on a VPC: makes sure its OvnEips `<vpc>-<external subnet>` (type lrp, the router ports'
 * addresses) exist for the default external subnet and each of `spec.extraExternalSubnets`, deletes those no
 * longer wanted, and says what keeps an external port out of OVN. The ports themselves, their gateway chassis
 * and the default route come from the NB pass (external-access.ts).
 */
export async function reconcileVpcExternal(ctx: ControllerContext, vpc: Vpc): Promise<ValidationIssue[]> {
  const name = vpc.metadata.name;
  const wanted = vpc.spec?.enableExternal === true && !vpc.metadata.deletionTimestamp && name !== ctx.config.defaultVpc;
  const subnets = wanted ? [ctx.config.externalGatewaySwitch, ...extraExternalSubnets(vpc, ctx.config.externalGatewaySwitch)] : [];
  const eipNames = new Set(subnets.map((s) => vpcExternalEipName(name, s)));
  for (const eip of ctx.caches.ovnEips.list()) {
    const ours = eip.metadata.labels?.[EIP_VPC_LABEL] === name && eip.spec?.type === 'lrp';
    if (ours && !eip.metadata.deletionTimestamp && !eipNames.has(eip.metadata.name)) await ctx.api.delete('OvnEip', eip.metadata.name);
  }
  if (vpc.spec?.enableExternal === true && name === ctx.config.defaultVpc) {
    // The default VPC reroutes pod egress to nodes by policy (distributed and centralized gateways), which would
    // send NAT replies past the external port; Kube-OVN serves it through the ovn-external-gw-config ConfigMap.
    const text = `is not supported on the default VPC "${name}" by kovn (its pods leave through their nodes' gateways); use a custom VPC`;
    return [issue('spec.enableExternal', true, ExternalReason.ExternalOnDefaultVpc, text)];
  }
  if (!wanted) return [];
  const issues: ValidationIssue[] = [];
  for (const [index, subnetName] of subnets.entries()) {
    const field = index === 0 ? 'spec.enableExternal' : `spec.extraExternalSubnets`;
    issues.push(...(await ensureExternalAddress(ctx, name, subnetName, field)));
  }
  if (issues.length === 0 && externalGatewayChassis(name, ctx.caches.nodes.list()).length === 0) {
    const text = `no node labelled ${EXTERNAL_GW_LABEL}=true with a chassis (ovn.kubernetes.io/chassis) can host the external port`;
    issues.push(issue('spec.enableExternal', true, ExternalReason.NoExternalGatewayNode, text));
  }
  return issues;
}

/** One external subnet of a VPC: it must be an accepted underlay subnet; its lrp OvnEip is made if missing. */
async function ensureExternalAddress(ctx: ControllerContext, vpc: string, subnetName: string, field: string): Promise<ValidationIssue[]> {
  const value = field === 'spec.enableExternal' ? true : subnetName;
  const subnet = ctx.appliedSubnets.get(subnetName);
  if (!subnet) {
    return [issue(field, value, ExternalReason.ExternalSubnetNotFound, `needs the external subnet "${subnetName}", which is not an accepted Subnet`, `Subnet/${subnetName}`)];
  }
  if (!subnet.underlay || subnet.subnet.spec.logicalGateway === true) {
    const text = `needs "${subnetName}" to be an underlay subnet (spec.vlan) whose gateway is the physical one (no logicalGateway)`;
    return [issue(field, value, ExternalReason.ExternalSubnetNotUnderlay, text, `Subnet/${subnetName}`)];
  }
  const eipName = vpcExternalEipName(vpc, subnetName);
  const existing = ctx.caches.ovnEips.get(eipName);
  if (existing && (existing.spec?.type !== 'lrp' || existing.metadata.labels?.[EIP_VPC_LABEL] !== vpc)) {
    const text = `needs the OvnEip "${eipName}" for its router port address, but one of type "${existing.spec?.type ?? ''}" not made for this VPC exists`;
    return [issue(field, value, ExternalReason.ExternalAddressConflict, text, `OvnEip/${eipName}`)];
  }
  if (existing?.metadata.deletionTimestamp) {
    return [issue(field, value, ExternalReason.ExternalAddressPending, `waiting for the deleted OvnEip "${eipName}" to go before making it again`, `OvnEip/${eipName}`)];
  }
  if (!existing) {
    await ctx.api.create<OvnEip>({
      apiVersion: 'kubeovn.io/v1',
      kind: 'OvnEip',
      metadata: { name: eipName, labels: { [EIP_VPC_LABEL]: vpc, [EIP_TYPE_LABEL]: 'lrp', 'ovn.kubernetes.io/subnet': subnetName } },
      spec: { externalSubnet: subnetName, type: 'lrp' },
    });
  }
  if (!ctx.ovnNat.eips.has(eipName)) {
    return [issue(field, value, ExternalReason.ExternalAddressPending, `waiting for OvnEip "${eipName}" to hold an address on "${subnetName}"`, `OvnEip/${eipName}`)];
  }
  return [];
}
