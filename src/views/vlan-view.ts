import type { Vlan } from '../engine/cluster/kinds/kubeovn-types.js';
import { conditionStatus, listOf, type RowsInput, type TableRow, type ViewDef } from './view-types.js';

export function vlanRow(vlan: Vlan): TableRow {
  return {
    key: vlan.metadata.name,
    object: vlan,
    cells: [
      vlan.metadata.name,
      String(vlan.spec.id ?? vlan.spec.vlanId ?? 0),
      vlan.spec.provider ?? vlan.spec.providerInterfaceName ?? '',
      (vlan.status?.subnets ?? []).join(',') || '-',
      vlan.status?.conflict ? 'CONFLICT' : conditionStatus(vlan, 'Ready'),
    ],
  };
}

export const vlanView: ViewDef = {
  name: 'vlan',
  title: 'Vlans',
  aliases: ['vlans'],
  columns: ['NAME', 'ID', 'PROVIDER', 'SUBNETS', 'READY'],
  kinds: ['Vlan'],
  reads: ['Vlan'],
  rows: (input: RowsInput) =>
    listOf<Vlan>(input, 'Vlan')
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
      .map(vlanRow),
};
