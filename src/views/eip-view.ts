import type { OvnEip } from '../engine/cluster/kinds/kubeovn-types.js';
import { listOf, type RowsInput, type TableRow, type ViewDef } from './view-types.js';

export function eipRow(eip: OvnEip): TableRow {
  const st = eip.status ?? {};
  return {
    key: eip.metadata.name,
    object: eip,
    cells: [
      eip.metadata.name,
      st.v4Ip ?? eip.spec.v4Ip ?? '',
      st.macAddress ?? eip.spec.macAddress ?? '',
      eip.spec.externalSubnet ?? '',
      st.type ?? eip.spec.type ?? '',
      st.nat || '-',
      st.ready === undefined ? '-' : String(st.ready),
    ],
  };
}

export const eipView: ViewDef = {
  name: 'eip',
  title: 'OvnEips',
  aliases: ['eips', 'oeip', 'ovn-eip'],
  columns: ['NAME', 'IP', 'MAC', 'EXTERNAL SUBNET', 'TYPE', 'NAT', 'READY'],
  kinds: ['OvnEip'],
  reads: ['OvnEip'],
  rows: (input: RowsInput) =>
    listOf<OvnEip>(input, 'OvnEip')
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
      .map(eipRow),
};
