/** Create and delete VPCs. */
import type { Vpc, VpcSpec } from '../engine/cluster/kinds/kubeovn-types.js';
import { issue, validateVpc, validateVpcDeletion, type ValidationIssue } from '../engine/controller/validation/index.js';
import { ActionValidationError } from './action-errors.js';
import type { ActionContext, Plan } from './action-types.js';
import { findSubnet, findVpc, networkNames, readSnapshot, withObject, withoutObject, type ClusterSnapshot } from './cluster-snapshot.js';
import { assemblePlan } from './plan-assembly.js';
import { cleanSpec, createChange, deleteChange } from './object-changes.js';
import { objectNameProblem } from './object-name.js';

export interface CreateVpcInput {
  readonly name: string;
  readonly spec?: VpcSpec;
}

/** Issues of a new VPC's name: a DNS-1123 label no Vpc has, and not a Subnet's name (OVN names would clash). */
export function vpcNameIssues(name: string, snapshot: ClusterSnapshot): ValidationIssue[] {
  const problem = objectNameProblem(name);
  if (problem) return [issue('metadata.name', name, 'InvalidName', problem)];
  if (findVpc(snapshot, name)) return [issue('metadata.name', name, 'AlreadyExists', `a Vpc "${name}" already exists`, `Vpc/${name}`)];
  if (findSubnet(snapshot, name)) return [issue('metadata.name', name, 'NameConflictsWithSubnet', `a Subnet is already named "${name}"`, `Subnet/${name}`)];
  return [];
}

export function vpcWatch(name: string): { kind: string; name: string; expect: 'ready'; readyMessage: string } {
  return { kind: 'Vpc', name, expect: 'ready', readyMessage: `router ${name} ready` };
}

/** Throws `ActionValidationError` with the controller's Vpc rules' issues. */
export function requireValidVpc(vpc: Vpc, snapshot: ClusterSnapshot, ctx: ActionContext, previous?: VpcSpec): void {
  const issues = validateVpc(vpc, { subnets: snapshot.subnets, defaultVpc: networkNames(ctx).defaultVpc }, previous);
  if (issues.length > 0) throw new ActionValidationError('Vpc', vpc.metadata.name, issues);
}

/** Plans a new VPC (a logical router). */
export async function planCreateVpc(ctx: ActionContext, input: CreateVpcInput, snapshot?: ClusterSnapshot): Promise<Plan> {
  const before = snapshot ?? (await readSnapshot(ctx));
  const nameIssues = vpcNameIssues(input.name, before);
  if (nameIssues.length > 0) throw new ActionValidationError('Vpc', input.name, nameIssues);
  const vpc: Vpc = { apiVersion: 'kubeovn.io/v1', kind: 'Vpc', metadata: { name: input.name }, spec: cleanSpec({ ...input.spec }) };
  requireValidVpc(vpc, before, ctx);
  return assemblePlan(ctx, { title: `Create VPC ${input.name}`, changes: [createChange(vpc)], before, after: withObject(before, vpc), watch: vpcWatch(input.name) });
}

/** Plans a VPC deletion (destructive); refused while subnets use it, and for the default VPC. */
export async function planDeleteVpc(ctx: ActionContext, input: { readonly name: string }, snapshot?: ClusterSnapshot): Promise<Plan> {
  const before = snapshot ?? (await readSnapshot(ctx));
  const names = networkNames(ctx);
  const vpc = findVpc(before, input.name);
  if (!vpc) throw new ActionValidationError('Vpc', input.name, [issue('metadata.name', input.name, 'VpcNotFound', `no Vpc "${input.name}" exists`, `Vpc/${input.name}`)]);
  if (input.name === names.defaultVpc) {
    throw new ActionValidationError('Vpc', input.name, [issue('metadata.name', input.name, 'ProtectedVpc', "is the cluster's default VPC; the controller needs it")]);
  }
  const live = before.subnets.filter((s) => !s.metadata.deletionTimestamp);
  const issues = validateVpcDeletion({ ...vpc, status: { ...vpc.status, subnets: [] } }, { subnets: live, defaultVpc: names.defaultVpc, defaultSubnet: names.defaultSubnet });
  if (issues.length > 0) throw new ActionValidationError('Vpc', input.name, issues);
  return assemblePlan(ctx, {
    title: `Delete VPC ${input.name}`,
    destructive: true,
    changes: [deleteChange(vpc)],
    before,
    after: withoutObject(before, 'Vpc', input.name),
    watch: { kind: 'Vpc', name: input.name, expect: 'gone' },
  });
}
