/**
 * The gateway editor of a subnet: distributed or centralized egress, the gateway nodes (each with an optional
 * egress IP, `gatewayNode: "n1:172.18.0.2,n2"`) or node selectors, ECMP and NAT.
 */
import type { LabelSelector, Subnet, SubnetSpec } from '../engine/cluster/kinds/kubeovn-types.js';
import { chooseGateways } from '../engine/controller/subnet-gateways.js';
import type { ActionContext, Plan } from './action-types.js';
import { networkNames, readSnapshot, withObject, type ClusterSnapshot } from './cluster-snapshot.js';
import { assemblePlan } from './plan-assembly.js';
import { requireValidSubnet } from './subnet-checks.js';
import { requireSubnet, subnetWatch, withSpec } from './subnet-edit.js';
import { updateChange } from './object-changes.js';
import { formattedSubnet } from './snapshot-cluster-view.js';

export interface GatewayNodeChoice {
  readonly name: string;
  /** The address egress leaves the node with (`node:egressIP`); `a;b` for both families. */
  readonly egressIP?: string;
}

export interface SubnetGatewayInput {
  readonly subnet: string;
  readonly gatewayType: 'distributed' | 'centralized';
  /** Centralized: gateway nodes in preference order. Absent: keep the current list. */
  readonly nodes?: readonly GatewayNodeChoice[];
  /** Centralized: nodes chosen by label instead of (or besides) by name. Absent: keep the current ones. */
  readonly selectors?: readonly LabelSelector[];
  /** Centralized: spread egress over every Ready gateway (ECMP) instead of active-backup. Absent: keep. */
  readonly enableEcmp?: boolean;
  /** SNAT egress to the node's address. Absent: keep. */
  readonly natOutgoing?: boolean;
}

/** `n1:172.18.0.2,n2`, the text of `spec.gatewayNode`. */
export function gatewayNodeText(nodes: readonly GatewayNodeChoice[]): string {
  return nodes.map((n) => (n.egressIP ? `${n.name}:${n.egressIP}` : n.name)).join(',');
}

function editedSpec(spec: SubnetSpec, input: SubnetGatewayInput): SubnetSpec {
  const next: SubnetSpec = { ...spec, gatewayType: input.gatewayType };
  if (input.gatewayType === 'centralized') {
    if (input.nodes) next.gatewayNode = gatewayNodeText(input.nodes);
    if (input.selectors) next.gatewayNodeSelectors = input.selectors.length > 0 ? [...input.selectors] : undefined;
  } else {
    // Distributed egress has no gateway nodes (as Kube-OVN's controller clears them).
    next.gatewayNode = spec.gatewayNode === undefined ? undefined : '';
    next.gatewayNodeSelectors = undefined;
  }
  if (input.enableEcmp !== undefined) next.enableEcmp = input.enableEcmp;
  if (input.natOutgoing !== undefined) next.natOutgoing = input.natOutgoing;
  return next;
}

/** For active-backup: the controller's pick must be the one it reports active before the plan is done. */
function acceptActiveGateway(edited: Subnet, snapshot: ClusterSnapshot, ctx: ActionContext): ((o: { status?: unknown }) => boolean) | undefined {
  const formatted = formattedSubnet(edited, networkNames(ctx));
  if (formatted.spec.gatewayType !== 'centralized' || formatted.spec.enableEcmp) return undefined;
  const choice = chooseGateways(formatted, snapshot.nodes);
  if (!choice.active) return undefined;
  return (o) => (o.status as { activateGateway?: string } | undefined)?.activateGateway === choice.active;
}

/**
 * Plans a gateway edit. Throws `ActionValidationError` for an unknown subnet, a centralized subnet without
 * gateway nodes, a gateway node that does not exist or a malformed egress IP.
 */
export async function planSubnetGateway(ctx: ActionContext, input: SubnetGatewayInput, snapshot?: ClusterSnapshot): Promise<Plan> {
  const before = snapshot ?? (await readSnapshot(ctx));
  const names = networkNames(ctx);
  const subnet = requireSubnet(before, input.subnet);
  const edited = withSpec(subnet, editedSpec(subnet.spec, input));
  const warnings = requireValidSubnet(edited, before, names, subnet);
  const vpc = edited.spec.vpc || names.defaultVpc;
  if (input.gatewayType === 'centralized' && vpc !== names.defaultVpc) {
    warnings.push(`subnet ${input.subnet} is in VPC ${vpc}: centralized gateways only steer egress of the default VPC ${names.defaultVpc}`);
  }
  const update = updateChange(subnet, edited);
  const after = withObject(before, edited);
  const title = `Set the gateway of subnet ${input.subnet}: ${input.gatewayType}${edited.spec.gatewayNode ? ` via ${edited.spec.gatewayNode}` : ''}`;
  const accept = acceptActiveGateway(edited, before, ctx);
  return assemblePlan(ctx, {
    title,
    changes: update.diff.length > 0 ? [update] : [],
    before,
    after,
    warnings,
    watch: subnetWatch(edited, names, accept),
  });
}
