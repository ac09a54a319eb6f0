/** Plain objects for the validation tests: a small default cluster and assertion helpers. */
import assert from 'node:assert/strict';
import type { SubnetSpec, SubnetStatus, VlanSpec, VpcSpec, VpcStatus, ProviderNetworkSpec, ProviderNetworkStatus } from '../../../src/engine/cluster/kinds/kubeovn-types.js';
import type {
  NodeFacts,
  ProviderNetworkInput,
  SubnetInput,
  SubnetValidationContext,
  VlanInput,
  VpcInput,
} from '../../../src/engine/controller/validation/inputs.js';
import type { ValidationIssue } from '../../../src/engine/controller/validation/validation-issue.js';

export const defaults = { defaultVpc: 'ovn-cluster', defaultSubnet: 'ovn-default' } as const;

export function subnet(name: string, spec: SubnetSpec = {}, status?: SubnetStatus): SubnetInput {
  return { metadata: { name }, spec, ...(status ? { status } : {}) };
}

export function vpc(name: string, spec: VpcSpec = {}, status: VpcStatus = { standby: true }): VpcInput {
  return { metadata: { name }, spec, status };
}

export function vlan(name: string, spec: VlanSpec, creationTimestamp?: string): VlanInput {
  return { metadata: { name, ...(creationTimestamp ? { creationTimestamp } : {}) }, spec };
}

export function providerNetwork(name: string, spec: Partial<ProviderNetworkSpec> = {}, status?: ProviderNetworkStatus): ProviderNetworkInput {
  return { metadata: { name }, spec: { defaultInterface: 'eth1', ...spec }, ...(status ? { status } : {}) };
}

export function node(name: string, internalIP: string, ready = true, labels: Record<string, string> = {}): NodeFacts {
  return { name, internalIPs: [internalIP], ready, labels };
}

/** The default cluster: VPC ovn-cluster (ready), subnet ovn-default 10.16.0.0/16, node1 at 172.18.0.2. */
export function cluster(extra: Partial<SubnetValidationContext> = {}): SubnetValidationContext {
  return {
    ...defaults,
    subnets: [subnet('ovn-default', { cidrBlock: '10.16.0.0/16', vpc: 'ovn-cluster', provider: 'ovn' })],
    vpcs: [vpc('ovn-cluster')],
    vlans: [],
    providerNetworks: [],
    nodes: [node('node1', '172.18.0.2')],
    ...extra,
  };
}

/** Asserts one issue with the reason exists (and matches the given fields); returns it. */
export function expectIssue(
  issues: readonly ValidationIssue[],
  reason: string,
  expected: { field?: string; conflictsWith?: string; message?: string | RegExp } = {},
): ValidationIssue {
  const found = issues.find((i) => i.reason === reason);
  assert.ok(found, `expected an issue ${reason}, got ${JSON.stringify(issues.map((i) => `${i.reason}: ${i.message}`))}`);
  if (expected.field !== undefined) assert.equal(found.field, expected.field);
  if (expected.conflictsWith !== undefined) assert.equal(found.conflictsWith, expected.conflictsWith);
  if (typeof expected.message === 'string') assert.equal(found.message, expected.message);
  else if (expected.message) assert.match(found.message, expected.message);
  return found;
}

/** Asserts there is no issue at all. */
export function expectNoIssues(issues: readonly ValidationIssue[]): void {
  assert.deepEqual(issues.map((i) => `${i.reason}: ${i.message}`), []);
}
