import type { ProviderNetwork } from '../engine/cluster/kinds/kubeovn-types.js';
import { listOf, type RowsInput, type TableRow, type ViewDef } from './view-types.js';

export function providerNetworkRow(pn: ProviderNetwork): TableRow {
  const st = pn.status ?? {};
  return {
    key: pn.metadata.name,
    object: pn,
    cells: [
      pn.metadata.name,
      pn.spec.defaultInterface ?? '',
      (st.vlans ?? []).join(',') || '-',
      (st.readyNodes ?? []).join(',') || '-',
      (st.notReadyNodes ?? []).join(',') || '-',
      st.ready === undefined ? '-' : String(st.ready),
    ],
  };
}

export const providerNetworkView: ViewDef = {
  name: 'pn',
  title: 'ProviderNetworks',
  aliases: ['provider-network', 'providernetwork', 'providernetworks'],
  columns: ['NAME', 'INTERFACE', 'VLANS', 'READY NODES', 'NOT READY', 'READY'],
  kinds: ['ProviderNetwork'],
  reads: ['ProviderNetwork'],
  rows: (input: RowsInput) =>
    listOf<ProviderNetwork>(input, 'ProviderNetwork')
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
      .map(providerNetworkRow),
};
