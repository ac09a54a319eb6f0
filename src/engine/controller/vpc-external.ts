import type { OvnEip, Vpc } from '../cluster/kinds/kubeovn-types.js';
import type { ControllerContext } from './controller-context.js';
import { externalGatewayChassis, EXTERNAL_GW_LABEL } from './external-access.js';
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
 * `enableExternal` on a VPC: makes sure its OvnEip `<vpc>-<external subnet>` (type lrp, the router port's
 * address) exists, or deletes it when external access is off, and says what keeps the external port out of OVN.
 * The port itself, its gateway chassis and the default route come from the NB pass (external-access.ts).
 */
export async function reconcileVpcExternal(ctx: ControllerContext, vpc: Vpc): Promise<ValidationIssue[]> {
  const name = vpc.metadata.name;
  const subnetName = ctx.config.externalGatewaySwitch;
  const eipName = vpcExternalEipName(name, subnetName);
  const wanted = vpc.spec?.enableExternal === true && !vpc.metadata.deletionTimestamp;
  for (const eip of ctx.caches.ovnEips.list()) {
    const ours = eip.metadata.labels?.[EIP_VPC_LABEL] === name && eip.spec?.type === 'lrp';
    if (ours && !eip.metadata.deletionTimestamp && (!wanted || eip.metadata.name !== eipName)) await ctx.api.delete('OvnEip', eip.metadata.name);
  }
  if (!wanted) return [];
  if (name === ctx.config.defaultVpc) {
    // The default VPC reroutes pod egress to nodes by policy (distributed and centralized gateways), which would
    // send NAT replies past the external port; Kube-OVN serves it through the ovn-external-gw-config ConfigMap.
    const text = `is not supported on the default VPC "${name}" by kovn (its pods leave through their nodes' gateways); use a custom VPC`;
    return [issue('spec.enableExternal', true, ExternalReason.ExternalOnDefaultVpc, text)];
  }

  const subnet = ctx.appliedSubnets.get(subnetName);
  if (!subnet) {
    return [issue('spec.enableExternal', true, ExternalReason.ExternalSubnetNotFound, `needs the external subnet "${subnetName}", which is not an accepted Subnet`, `Subnet/${subnetName}`)];
  }
  if (!subnet.underlay || subnet.subnet.spec.logicalGateway === true) {
    const text = `needs "${subnetName}" to be an underlay subnet (spec.vlan) whose gateway is the physical one (no logicalGateway)`;
    return [issue('spec.enableExternal', true, ExternalReason.ExternalSubnetNotUnderlay, text, `Subnet/${subnetName}`)];
  }
  const issues: ValidationIssue[] = [];
  const existing = ctx.caches.ovnEips.get(eipName);
  if (existing && (existing.spec?.type !== 'lrp' || existing.metadata.labels?.[EIP_VPC_LABEL] !== name)) {
    const text = `needs the OvnEip "${eipName}" for its router port address, but one of type "${existing.spec?.type ?? ''}" not made for this VPC exists`;
    issues.push(issue('spec.enableExternal', true, ExternalReason.ExternalAddressConflict, text, `OvnEip/${eipName}`));
  } else if (!existing) {
    await ctx.api.create<OvnEip>({
      apiVersion: 'kubeovn.io/v1',
      kind: 'OvnEip',
      metadata: { name: eipName, labels: { [EIP_VPC_LABEL]: name, [EIP_TYPE_LABEL]: 'lrp', 'ovn.kubernetes.io/subnet': subnetName } },
      spec: { externalSubnet: subnetName, type: 'lrp' },
    });
  }
  if (externalGatewayChassis(name, ctx.caches.nodes.list()).length === 0) {
    const text = `no node labelled ${EXTERNAL_GW_LABEL}=true with a chassis (ovn.kubernetes.io/chassis) can host the external port`;
    issues.push(issue('spec.enableExternal', true, ExternalReason.NoExternalGatewayNode, text));
  }
  if (issues.length === 0 && !ctx.ovnNat.eips.has(eipName)) {
    issues.push(issue('spec.enableExternal', true, ExternalReason.ExternalAddressPending, `waiting for OvnEip "${eipName}" to hold an address on "${subnetName}"`, `OvnEip/${eipName}`));
  }
  return issues;
}
