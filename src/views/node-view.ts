import type { ProviderNetwork, Subnet } from '../engine/cluster/kinds/kubeovn-types.js';
import type { KubeObject } from '../engine/cluster/types.js';
import { listOf, type RowsInput, type TableRow, type ViewDef } from './view-types.js';

/** Subnets whose centralized gateway includes this node. */
export function gatewayRoles(node: string, subnets: readonly Subnet[]): string[] {
  return subnets
    .filter((s) => s.spec.gatewayType === 'centralized' && (s.spec.gatewayNode ?? '').split(',').some((n) => n.split(':')[0].trim() === node))
    .map((s) => s.metadata.name);
}

/** `pn:ready` / `pn:not-ready` for each provider network that lists this node. */
export function providerReadiness(node: string, networks: readonly ProviderNetwork[]): string[] {
  const out: string[] = [];
  for (const pn of networks) {
    if (pn.status?.readyNodes?.includes(node)) out.push(`${pn.metadata.name}:ready`);
    else if (pn.status?.notReadyNodes?.includes(node)) out.push(`${pn.metadata.name}:not-ready`);
  }
  return out;
}

export function nodeRow(node: KubeObject, subnets: readonly Subnet[], networks: readonly ProviderNetwork[]): TableRow {
  const ann = node.metadata.annotations ?? {};
  const name = node.metadata.name;
  return {
    key: name,
    object: node,
    cells: [
      name,
      ann['ovn.kubernetes.io/ip_address'] ?? '',
      ann['ovn.kubernetes.io/chassis'] ?? '',
      gatewayRoles(name, subnets).join(',') || '-',
      providerReadiness(name, networks).join(',') || '-',
    ],
  };
}

export const nodeView: ViewDef = {
  name: 'node',
  title: 'Nodes',
  aliases: ['nodes', 'no'],
  columns: ['NAME', 'JOIN IP', 'CHASSIS', 'GATEWAY FOR', 'PROVIDERS'],
  kinds: ['Node'],
  reads: ['Node', 'Subnet', 'ProviderNetwork'],
  rows(input: RowsInput) {
    const subnets = listOf<Subnet>(input, 'Subnet');
    const networks = listOf<ProviderNetwork>(input, 'ProviderNetwork');
    return listOf<KubeObject>(input, 'Node')
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
      .map((n) => nodeRow(n, subnets, networks));
  },
};
