/**
 * Switch a subnet between overlay and underlay: an edit of `spec.vlan` (+ `logicalGateway` /
 * `u2oInterconnection`), optionally creating the Vlan on a ProviderNetwork in the same plan.
 */
import type { Subnet, Vlan } from '../engine/cluster/kinds/kubeovn-types.js';
import { issue, validateVlan, transientReasons } from '../engine/controller/validation/index.js';
import { ActionValidationError } from './action-errors.js';
import type { ActionContext, ObjectChange, Plan } from './action-types.js';
import { networkNames, readSnapshot, withObject, type ClusterSnapshot } from './cluster-snapshot.js';
import { assemblePlan } from './plan-assembly.js';
import { requireValidSubnet } from './subnet-checks.js';
import { requireSubnet, subnetWatch, withSpec } from './subnet-edit.js';
import { createChange, updateChange } from './object-changes.js';

/** A Vlan the plan creates for the subnet. */
export interface NewVlan {
  /** 0..4095; 0 is untagged. */
  readonly id: number;
  /** The ProviderNetwork it runs on. */
  readonly provider: string;
}

export interface SubnetModeInput {
  readonly subnet: string;
  /** `overlay` clears vlan, logicalGateway and u2oInterconnection; otherwise the Vlan to use (or create). */
  readonly mode: 'overlay' | { readonly vlan: string; readonly createVlan?: NewVlan };
  /** Underlay only: the OVN router is the subnet's gateway. Excludes `u2oInterconnection`. */
  readonly logicalGateway?: boolean;
  /** Underlay only: overlay subnets of the VPC reach this one through the router. Excludes `logicalGateway`. */
  readonly u2oInterconnection?: boolean;
}

function newVlan(name: string, spec: NewVlan, snapshot: ClusterSnapshot): Vlan {
  const vlan: Vlan = { apiVersion: 'kubeovn.io/v1', kind: 'Vlan', metadata: { name }, spec: { id: spec.id, provider: spec.provider } };
  const exists = snapshot.vlans.some((v) => v.metadata.name === name);
  const issues = exists
    ? [issue('metadata.name', name, 'AlreadyExists', `a Vlan "${name}" already exists: choose it instead of creating it`, `Vlan/${name}`)]
    : validateVlan(vlan, { vlans: snapshot.vlans, providerNetworks: snapshot.providerNetworks }).filter((i) => !transientReasons.has(i.reason));
  if (issues.length > 0) throw new ActionValidationError('Vlan', name, issues);
  return vlan;
}

function editedSubnet(subnet: Subnet, input: SubnetModeInput): Subnet {
  const spec = { ...subnet.spec };
  if (input.mode === 'overlay') {
    return withSpec(subnet, { ...spec, vlan: undefined, logicalGateway: undefined, u2oInterconnection: undefined, u2oInterconnectionIP: undefined });
  }
  return withSpec(subnet, {
    ...spec,
    vlan: input.mode.vlan,
    logicalGateway: input.logicalGateway ? true : undefined,
    u2oInterconnection: input.u2oInterconnection ? true : undefined,
    ...(input.u2oInterconnection ? {} : { u2oInterconnectionIP: undefined }),
  });
}

/**
 * Plans a mode switch. Throws `ActionValidationError` (nothing written) for an unknown subnet or Vlan, a Vlan
 * id outside 0..4095, a missing ProviderNetwork, logicalGateway together with u2oInterconnection, or anything
 * else the controller would reject.
 */
export async function planSubnetMode(ctx: ActionContext, input: SubnetModeInput, snapshot?: ClusterSnapshot): Promise<Plan> {
  const before = snapshot ?? (await readSnapshot(ctx));
  const names = networkNames(ctx);
  const subnet = requireSubnet(before, input.subnet);
  const changes: ObjectChange[] = [];
  let after = before;
  if (input.mode !== 'overlay' && input.mode.createVlan) {
    const vlan = newVlan(input.mode.vlan, input.mode.createVlan, before);
    changes.push(createChange(vlan));
    after = withObject(after, vlan);
  }
  const edited = editedSubnet(subnet, input);
  const warnings = requireValidSubnet(edited, after, names, subnet);
  if (input.mode !== 'overlay' && input.u2oInterconnection && !subnet.status?.u2oInterconnectionIP) {
    warnings.push('the U2O interconnection address is allocated by the controller, which does not do it yet: until it does, the subnet has no router port');
  }
  const update = updateChange(subnet, edited);
  if (update.diff.length > 0) changes.push(update);
  after = withObject(after, edited);
  const title = input.mode === 'overlay' ? `Switch subnet ${input.subnet} to overlay` : `Switch subnet ${input.subnet} to underlay on Vlan ${input.mode.vlan}`;
  return assemblePlan(ctx, { title, changes, before, after, warnings, watch: subnetWatch(edited, names) });
}
