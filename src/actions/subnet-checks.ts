/**
 * Runs the controller's subnet rules on an edited subnet, with a context built from the snapshot, so a plan
 * for an invalid edit fails with the same messages the controller would put on the status. Transient issues
 * (a Vlan its ProviderNetwork has not set up yet, no Ready gateway node) become warnings: the controller waits
 * for them rather than rejecting the subnet.
 */
import type { Subnet } from '../engine/cluster/kinds/kubeovn-types.js';
import {
  nodeFacts,
  transientReasons,
  validateSubnet,
  type SubnetValidationContext,
  type ValidationIssue,
} from '../engine/controller/validation/index.js';
import type { NetworkNames } from './action-types.js';
import { ActionValidationError } from './action-errors.js';
import type { ClusterSnapshot } from './cluster-snapshot.js';
import { formattedSubnet } from './snapshot-cluster-view.js';

export function subnetContextOf(snapshot: ClusterSnapshot, names: NetworkNames): SubnetValidationContext {
  return {
    defaultVpc: names.defaultVpc,
    defaultSubnet: names.defaultSubnet,
    subnets: snapshot.subnets.filter((s) => !s.metadata.deletionTimestamp).map((s) => formattedSubnet(s, names)),
    vpcs: snapshot.vpcs,
    vlans: snapshot.vlans,
    providerNetworks: snapshot.providerNetworks,
    nodes: snapshot.nodes.map(nodeFacts),
  };
}

export interface SubnetCheck {
  readonly errors: ValidationIssue[];
  readonly warnings: ValidationIssue[];
}

/** Issues of `after` in `snapshot` (which should already contain any object the same plan creates). */
export function checkSubnet(after: Subnet, snapshot: ClusterSnapshot, names: NetworkNames, before?: Subnet): SubnetCheck {
  const issues = validateSubnet(formattedSubnet(after, names), subnetContextOf(snapshot, names), before ? formattedSubnet(before, names).spec : undefined);
  return {
    errors: issues.filter((i) => !transientReasons.has(i.reason)),
    warnings: issues.filter((i) => transientReasons.has(i.reason)),
  };
}

/** Like `checkSubnet`, throwing `ActionValidationError` on errors; returns the warnings' messages. */
export function requireValidSubnet(after: Subnet, snapshot: ClusterSnapshot, names: NetworkNames, before?: Subnet): string[] {
  const { errors, warnings } = checkSubnet(after, snapshot, names, before);
  if (errors.length > 0) throw new ActionValidationError('Subnet', after.metadata.name, errors);
  return warnings.map((w) => w.message);
}
