import type { Subnet } from '../engine/cluster/kinds/kubeovn-types.js';
import { conditionStatus, listOf, yesNo, type RowsInput, type TableRow, type ViewDef } from './view-types.js';
import { vpcOfSubnet } from './vpc-view.js';

/** `overlay` or `underlay/<vlan>`. */
export function subnetNetworkType(subnet: Subnet): string {
  return subnet.spec.vlan ? `underlay/${subnet.spec.vlan}` : 'overlay';
}

/** `distributed`, or `centralized:<nodes>`. */
export function subnetGateway(subnet: Subnet): string {
  const type = subnet.spec.gatewayType || 'distributed';
  return type === 'centralized' ? `centralized:${subnet.spec.gatewayNode ?? ''}` : type;
}

export function subnetRow(subnet: Subnet): TableRow {
  const st = subnet.status ?? {};
  const used = (st.v4usingIPs ?? 0) + (st.v6usingIPs ?? 0);
  const available = (st.v4availableIPs ?? 0) + (st.v6availableIPs ?? 0);
  return {
    key: subnet.metadata.name,
    object: subnet,
    cells: [
      subnet.metadata.name,
      vpcOfSubnet(subnet),
      subnetNetworkType(subnet),
      subnet.spec.cidrBlock ?? '',
      subnetGateway(subnet),
      yesNo(subnet.spec.natOutgoing),
      `${used}/${available}`,
      conditionStatus(subnet, 'Ready'),
    ],
  };
}

export const subnetView: ViewDef = {
  name: 'subnet',
  title: 'Subnets',
  aliases: ['subnets', 'sn'],
  columns: ['NAME', 'VPC', 'TYPE', 'CIDR', 'GATEWAY', 'NAT', 'USED/AVAIL', 'READY'],
  kinds: ['Subnet'],
  reads: ['Subnet'],
  rows(input: RowsInput) {
    const vpc = input.scope?.vpc;
    return listOf<Subnet>(input, 'Subnet')
      .filter((s) => !vpc || vpcOfSubnet(s) === vpc)
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
      .map(subnetRow);
  },
  drill: (row) => ({ view: 'ip', scope: { subnet: row.key } }),
};
