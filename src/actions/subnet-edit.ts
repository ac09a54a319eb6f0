/** Pieces every subnet action shares: find the subnet, describe its edit, and what to wait for. */
import type { Subnet, SubnetSpec } from '../engine/cluster/kinds/kubeovn-types.js';
import { describeMode } from '../engine/controller/reconcile-subnet.js';
import { issue } from '../engine/controller/validation/index.js';
import { ActionValidationError } from './action-errors.js';
import type { NetworkNames } from './action-types.js';
import type { OutcomeWatch } from './await-outcome.js';
import { findSubnet, type ClusterSnapshot } from './cluster-snapshot.js';
import { cleanSpec } from './object-changes.js';
import { formattedSubnet } from './snapshot-cluster-view.js';

/** The subnet named `name`, or an `ActionValidationError` naming it. */
export function requireSubnet(snapshot: ClusterSnapshot, name: string): Subnet {
  const subnet = findSubnet(snapshot, name);
  if (!subnet) throw new ActionValidationError('Subnet', name, [issue('metadata.name', name, 'SubnetNotFound', `no Subnet "${name}" exists`, `Subnet/${name}`)]);
  if (subnet.metadata.deletionTimestamp) {
    throw new ActionValidationError('Subnet', name, [issue('metadata.name', name, 'SubnetDeleting', `Subnet "${name}" is being deleted`, `Subnet/${name}`)]);
  }
  return subnet;
}

/**
 * The subnet with its spec replaced. The status is kept (the controller's gateway choice reads
 * `activateGateway`) but not its conditions, which judged the old spec.
 */
export function withSpec(subnet: Subnet, spec: SubnetSpec): Subnet {
  const status = subnet.status ? { ...subnet.status, conditions: undefined } : undefined;
  return { ...subnet, spec: cleanSpec(spec), ...(status ? { status } : {}) };
}

/** Wait for the Ready message the controller writes for the subnet's new mode. */
export function subnetWatch(after: Subnet, names: NetworkNames, accept?: OutcomeWatch['accept']): OutcomeWatch {
  const mode = describeMode(formattedSubnet(after, names));
  return { kind: 'Subnet', name: after.metadata.name, expect: 'ready', readyMessage: `${mode} subnet ready`, ...(accept ? { accept } : {}) };
}
