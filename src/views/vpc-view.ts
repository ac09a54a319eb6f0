import type { Subnet, Vpc } from '../engine/cluster/kinds/kubeovn-types.js';
import { conditionStatus, listOf, type RowsInput, type TableRow, type ViewDef } from './view-types.js';

/** The VPC a subnet belongs to (`ovn-cluster` when unset, as in Kube-OVN). */
export function vpcOfSubnet(subnet: Subnet): string {
  return subnet.spec.vpc || 'ovn-cluster';
}

export function vpcRow(vpc: Vpc, subnets: readonly Subnet[]): TableRow {
  const mine = subnets.filter((s) => vpcOfSubnet(s) === vpc.metadata.name);
  return {
    key: vpc.metadata.name,
    object: vpc,
    cells: [
      vpc.metadata.name,
      vpc.status?.router ?? vpc.metadata.name,
      String(mine.length),
      String(vpc.spec.staticRoutes?.length ?? 0),
      String(vpc.spec.policyRoutes?.length ?? 0),
      vpc.status?.standby === undefined ? conditionStatus(vpc, 'Ready') : String(vpc.status.standby),
    ],
  };
}

export const vpcView: ViewDef = {
  name: 'vpc',
  title: 'VPCs',
  aliases: ['vpcs'],
  columns: ['NAME', 'ROUTER', 'SUBNETS', 'ROUTES', 'POLICIES', 'STANDBY'],
  kinds: ['Vpc', 'Subnet'],
  reads: ['Vpc', 'Subnet'],
  rows(input: RowsInput) {
    const subnets = listOf<Subnet>(input, 'Subnet');
    return listOf<Vpc>(input, 'Vpc')
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
      .map((v) => vpcRow(v, subnets));
  },
  drill: (row) => ({ view: 'subnet', scope: { vpc: row.key } }),
};
