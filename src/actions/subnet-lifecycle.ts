/** Create and delete subnets. */
import type { Subnet, SubnetSpec } from '../engine/cluster/kinds/kubeovn-types.js';
import { issue, validateSubnetDeletion, type ValidationIssue } from '../engine/controller/validation/index.js';
import { ActionValidationError } from './action-errors.js';
import type { ActionContext, Plan } from './action-types.js';
import { findSubnet, findVpc, networkNames, readSnapshot, withObject, withoutObject, type ClusterSnapshot } from './cluster-snapshot.js';
import { assemblePlan } from './plan-assembly.js';
import { requireValidSubnet } from './subnet-checks.js';
import { requireSubnet, subnetWatch } from './subnet-edit.js';
import { cleanSpec, createChange, deleteChange } from './object-changes.js';
import { objectNameProblem } from './object-name.js';

export interface CreateSubnetInput {
  readonly name: string;
  /** At least `cidrBlock`; the controller fills gateway, protocol, provider, vpc and gatewayType. */
  readonly spec: SubnetSpec;
}

/** Issues of a new subnet's name: a DNS-1123 label that no Subnet (or Vpc) has. */
export function subnetNameIssues(name: string, snapshot: ClusterSnapshot): ValidationIssue[] {
  const problem = objectNameProblem(name);
  if (problem) return [issue('metadata.name', name, 'InvalidName', problem)];
  if (findSubnet(snapshot, name)) return [issue('metadata.name', name, 'AlreadyExists', `a Subnet "${name}" already exists`, `Subnet/${name}`)];
  return [];
}

/** Plans a new subnet. Throws `ActionValidationError` for a taken or malformed name, a bad or overlapping CIDR … */
export async function planCreateSubnet(ctx: ActionContext, input: CreateSubnetInput, snapshot?: ClusterSnapshot): Promise<Plan> {
  const before = snapshot ?? (await readSnapshot(ctx));
  const names = networkNames(ctx);
  const nameIssues = subnetNameIssues(input.name, before);
  if (nameIssues.length > 0) throw new ActionValidationError('Subnet', input.name, nameIssues);
  const subnet: Subnet = { apiVersion: 'kubeovn.io/v1', kind: 'Subnet', metadata: { name: input.name }, spec: cleanSpec({ ...input.spec }) };
  const warnings = requireValidSubnet(subnet, before, names);
  const after = withObject(before, subnet);
  return assemblePlan(ctx, { title: `Create subnet ${input.name} (${input.spec.cidrBlock ?? ''})`, changes: [createChange(subnet)], before, after, warnings, watch: subnetWatch(subnet, names) });
}

function podsOn(snapshot: ClusterSnapshot, subnet: string): string[] {
  return snapshot.pods
    .filter((p) => p.metadata.annotations?.['ovn.kubernetes.io/logical_switch'] === subnet)
    .map((p) => `${p.metadata.namespace ?? 'default'}/${p.metadata.name}`);
}

/**
 * Plans a subnet deletion (destructive). The default and join subnets cannot be deleted; a subnet whose
 * addresses are in use can be, but the controller finishes the deletion only once they are released (warning).
 */
export async function planDeleteSubnet(ctx: ActionContext, input: { readonly name: string }, snapshot?: ClusterSnapshot): Promise<Plan> {
  const before = snapshot ?? (await readSnapshot(ctx));
  const names = networkNames(ctx);
  const subnet = requireSubnet(before, input.name);
  if (input.name === names.defaultSubnet || input.name === names.joinSubnet) {
    const role = input.name === names.joinSubnet ? 'join' : 'default';
    throw new ActionValidationError('Subnet', input.name, [issue('metadata.name', input.name, 'ProtectedSubnet', `is the cluster's ${role} subnet; the controller needs it`)]);
  }
  const vpc = findVpc(before, subnet.spec.vpc || names.defaultVpc);
  const pods = podsOn(before, input.name);
  const warnings = [
    ...validateSubnetDeletion(subnet).map((i) => `${i.message} (the deletion waits until then)`),
    ...(pods.length > 0 ? [`pods with addresses in ${input.name}: ${pods.slice(0, 5).join(', ')}${pods.length > 5 ? ` and ${pods.length - 5} more` : ''}`] : []),
    ...(vpc?.spec.defaultSubnet === input.name ? [`subnet ${input.name} is the default subnet of Vpc ${vpc.metadata.name}`] : []),
  ];
  return assemblePlan(ctx, {
    title: `Delete subnet ${input.name} (${subnet.spec.cidrBlock ?? ''})`,
    destructive: true,
    changes: [deleteChange(subnet)],
    before,
    after: withoutObject(before, 'Subnet', input.name),
    warnings,
    watch: { kind: 'Subnet', name: input.name, expect: 'gone' },
  });
}
