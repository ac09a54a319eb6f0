import type { IP, ProviderNetwork, Subnet, Vlan, Vpc } from '../engine/cluster/kinds/kubeovn-types.js';
import { listOf, type RowsInput, type TableRow, type ViewDef } from './view-types.js';
import { subnetGateway, subnetNetworkType } from './subnet-view.js';
import { vpcOfSubnet } from './vpc-view.js';

function line(key: string, depth: number, text: string, detail: string, object?: TableRow['object']): TableRow {
  return { key, depth, cells: [`${'  '.repeat(depth)}${text}`, detail], ...(object ? { object } : {}) };
}

function subnetLines(subnet: Subnet, ips: readonly IP[], depth: number): TableRow[] {
  const gw = subnetGateway(subnet);
  const mark = gw.startsWith('centralized') ? ` [gw ${gw.slice('centralized:'.length)}]` : '';
  const out = [line(`subnet/${subnet.metadata.name}`, depth, `◇ subnet ${subnet.metadata.name}${mark}`, `${subnetNetworkType(subnet)} ${subnet.spec.cidrBlock ?? ''}`, subnet)];
  for (const ip of ips.filter((i) => i.spec.subnet === subnet.metadata.name)) {
    out.push(line(`ip/${ip.metadata.name}`, depth + 1, `• ${ip.metadata.name}`, ip.spec.v4IpAddress || ip.spec.ipAddress || '', ip));
  }
  return out;
}

/**
 * VPC → router → subnets → ports; underlay subnets are listed (again) under their provider network and Vlan,
 * and centralized gateways are marked with their nodes.
 */
export function topologyRows(input: RowsInput): TableRow[] {
  const byNameOrder = <T extends { metadata: { name: string } }>(a: T, b: T) => a.metadata.name.localeCompare(b.metadata.name);
  const subnets = listOf<Subnet>(input, 'Subnet').sort(byNameOrder);
  const ips = listOf<IP>(input, 'IP').sort(byNameOrder);
  const rows: TableRow[] = [];
  for (const vpc of listOf<Vpc>(input, 'Vpc').sort(byNameOrder)) {
    rows.push(line(`vpc/${vpc.metadata.name}`, 0, `▣ vpc ${vpc.metadata.name}`, '', vpc));
    rows.push(line(`router/${vpc.metadata.name}`, 1, `⊕ router ${vpc.status?.router ?? vpc.metadata.name}`, ''));
    for (const s of subnets.filter((x) => vpcOfSubnet(x) === vpc.metadata.name)) rows.push(...subnetLines(s, ips, 2));
  }
  // Underlay: provider network → Vlan → subnets (Vlans whose provider is unknown are listed at the top level).
  const vlans = listOf<Vlan>(input, 'Vlan').sort(byNameOrder);
  const providers = listOf<ProviderNetwork>(input, 'ProviderNetwork').sort(byNameOrder);
  const vlanLines = (vlan: Vlan, depth: number) => {
    rows.push(line(`vlan/${vlan.metadata.name}`, depth, `≡ vlan ${vlan.metadata.name}`, `id ${vlan.spec.id ?? 0} provider ${vlan.spec.provider}`, vlan));
    for (const s of subnets.filter((x) => x.spec.vlan === vlan.metadata.name)) {
      rows.push(line(`vlan/${vlan.metadata.name}/${s.metadata.name}`, depth + 1, `◇ subnet ${s.metadata.name}`, `underlay ${s.spec.cidrBlock ?? ''}`, s));
    }
  };
  for (const pn of providers) {
    rows.push(line(`pn/${pn.metadata.name}`, 0, `⇅ provider ${pn.metadata.name}`, `${pn.spec.defaultInterface ?? ''}${pn.status?.ready === false ? ' NOT READY' : ''}`, pn));
    for (const vlan of vlans.filter((v) => v.spec.provider === pn.metadata.name)) vlanLines(vlan, 1);
  }
  for (const vlan of vlans.filter((v) => !providers.some((p) => p.metadata.name === v.spec.provider))) vlanLines(vlan, 0);
  return rows;
}

export const topologyView: ViewDef = {
  name: 'tree',
  title: 'Topology',
  aliases: ['topology', 'topo'],
  columns: ['TOPOLOGY', 'DETAIL'],
  kinds: ['Vpc', 'Subnet', 'IP'],
  reads: ['Vpc', 'Subnet', 'IP', 'Vlan', 'ProviderNetwork'],
  rows: topologyRows,
};
