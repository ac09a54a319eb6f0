/**
 * Per-field validation "as you type": a form calls these with the field being edited, its value and the rest
 * of the partial object, and shows the issues of that field only. They run the controller's own rules on
 * the partial object (so the messages are the same), synchronously, against an optional snapshot.
 */
import type { SubnetSpec, VlanSpec, VpcSpec } from '../engine/cluster/kinds/kubeovn-types.js';
import { issue, validateSubnet, validateVlan, validateVpc, type ValidationIssue } from '../engine/controller/validation/index.js';
import type { NetworkNames } from './action-types.js';
import { snapshotOf, networkNames, type ClusterSnapshot } from './cluster-snapshot.js';
import { subnetContextOf } from './subnet-checks.js';
import { formattedSubnet } from './snapshot-cluster-view.js';
import { subnetNameIssues } from './subnet-lifecycle.js';
import { vpcNameIssues } from './vpc-lifecycle.js';
import { objectNameProblem } from './object-name.js';

/** `name` or a spec field (`cidrBlock`, `gateway`, `excludeIps`, `vlan`, `gatewayNode` …). */
export type SubnetField = 'name' | keyof SubnetSpec;
export type VpcField = 'name' | keyof VpcSpec;
export type VlanField = 'name' | 'id' | 'provider';

export interface PartialObject<S> {
  readonly name?: string;
  readonly spec?: Partial<S>;
}

export interface FieldValidationOptions {
  /** Current objects, for clashes (CIDR overlap, missing Vlan, node names …); none checked without it. */
  readonly snapshot?: ClusterSnapshot;
  /** Set when editing an existing object: update rules apply and its own name is not a clash. */
  readonly existing?: boolean;
  readonly names?: Partial<NetworkNames>;
}

function ofField(issues: readonly ValidationIssue[], field: string): ValidationIssue[] {
  const path = field === 'name' ? 'metadata.name' : `spec.${field}`;
  return issues.filter((i) => i.field === path || i.field.startsWith(`${path}[`) || i.field.startsWith(`${path}.`));
}

/** Issues of one Subnet field, given the rest of the form. Empty = the field is fine so far. */
export function validateSubnetField(field: SubnetField, value: unknown, partial: PartialObject<SubnetSpec>, options: FieldValidationOptions = {}): ValidationIssue[] {
  const snapshot = options.snapshot ?? snapshotOf({});
  const names = networkNames(options);
  const name = field === 'name' ? String(value ?? '') : (partial.name ?? '');
  const spec = { ...partial.spec, ...(field === 'name' ? {} : { [field]: value }) } as SubnetSpec;
  if (field === 'name') return options.existing ? [] : subnetNameIssues(name, snapshot);
  const subnet = { apiVersion: 'kubeovn.io/v1' as const, kind: 'Subnet' as const, metadata: { name: name || 'new-subnet' }, spec };
  const previous = options.existing ? snapshot.subnets.find((s) => s.metadata.name === name) : undefined;
  const issues = validateSubnet(formattedSubnet(subnet, names), subnetContextOf(snapshot, names), previous ? formattedSubnet(previous, names).spec : undefined);
  return ofField(issues, String(field));
}

/** Issues of one Vpc field (routes: `staticRoutes` / `policyRoutes`, reported per entry). */
export function validateVpcField(field: VpcField, value: unknown, partial: PartialObject<VpcSpec>, options: FieldValidationOptions = {}): ValidationIssue[] {
  const snapshot = options.snapshot ?? snapshotOf({});
  const names = networkNames(options);
  const name = field === 'name' ? String(value ?? '') : (partial.name ?? '');
  if (field === 'name') return options.existing ? [] : vpcNameIssues(name, snapshot);
  const spec = { ...partial.spec, [field]: value } as VpcSpec;
  const previous = options.existing ? snapshot.vpcs.find((v) => v.metadata.name === name)?.spec : undefined;
  const issues = validateVpc({ metadata: { name: name || 'new-vpc' }, spec }, { subnets: snapshot.subnets, defaultVpc: names.defaultVpc }, previous);
  return ofField(issues, String(field));
}

/** Issues of one field of a Vlan the mode editor creates (`id` 0..4095 and free on its provider, `provider` exists). */
export function validateNewVlanField(field: VlanField, value: unknown, partial: PartialObject<VlanSpec>, options: FieldValidationOptions = {}): ValidationIssue[] {
  const snapshot = options.snapshot ?? snapshotOf({});
  if (field === 'name') {
    const name = String(value ?? '');
    const problem = objectNameProblem(name);
    if (problem) return [issue('metadata.name', name, 'InvalidName', problem)];
    const taken = snapshot.vlans.some((v) => v.metadata.name === name);
    return taken ? [issue('metadata.name', name, 'AlreadyExists', `a Vlan "${name}" already exists`, `Vlan/${name}`)] : [];
  }
  const spec = { ...partial.spec, [field]: value } as VlanSpec;
  // No creation time: the rules treat it as the newest Vlan, so an id clash is reported on it.
  const vlan = { metadata: { name: partial.name || 'new-vlan' }, spec };
  const issues = validateVlan(vlan, { vlans: snapshot.vlans, providerNetworks: snapshot.providerNetworks });
  return ofField(issues, field);
}
