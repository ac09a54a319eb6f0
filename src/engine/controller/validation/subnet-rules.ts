/**
 * `validateSubnet`: every rule of §10.1 (webhook and controller rows) for one Subnet, plus kovn's clearer
 * errors where Kube-OVN is silent. The controller formats the subnet first (`formatSubnet`), validates the
 * formatted spec, and writes nothing to OVN when an issue comes back. Reasons: see reasons.ts.
 */
import type { SubnetSpec } from '../../cluster/kinds/kubeovn-types.js';
import type { ValidationIssue } from './validation-issue.js';
import type { SubnetInput, SubnetValidationContext } from './inputs.js';
import { checkSubnetAddressing } from './subnet-address-rules.js';
import { checkSubnetFeatures } from './subnet-feature-rules.js';
import { checkSubnetAgainstCluster } from './subnet-cluster-rules.js';
import { checkGatewayNodes } from './subnet-gateway-node-rules.js';
import { checkSubnetUpdate } from './subnet-update-rules.js';

export { validateSubnetDeletion, usingIPsOf } from './subnet-update-rules.js';

/**
 * Issues of `subnet` in the cluster `ctx`. `previous` is the spec the controller last applied (absent for a
 * subnet it has never applied); update rules (gateway, vpc, underlay CIDR) compare against it.
 */
export function validateSubnet(subnet: SubnetInput, ctx: SubnetValidationContext, previous?: SubnetSpec): ValidationIssue[] {
  return [
    ...checkSubnetAddressing(subnet),
    ...checkSubnetFeatures(subnet),
    ...checkSubnetAgainstCluster(subnet, ctx, previous === undefined),
    ...checkGatewayNodes(subnet, ctx),
    ...(previous ? checkSubnetUpdate(subnet, previous, ctx) : []),
  ];
}
