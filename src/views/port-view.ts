import type { IP } from '../engine/cluster/kinds/kubeovn-types.js';
import type { KubeObject } from '../engine/cluster/types.js';
import type { NbLookup } from '../tui/store.js';
import { byName, listOf, type RowsInput, type TableRow, type ViewDef } from './view-types.js';

const CHASSIS_ANNOTATION = 'ovn.kubernetes.io/chassis';

/** The switch port's `up` from NB: `true`, `false`, or `?` while NB is not known. */
export function portUp(nb: NbLookup | undefined, portName: string): string {
  if (!nb) return '?';
  const lsp = nb.byName('Logical_Switch_Port', portName);
  if (!lsp) return 'absent';
  return lsp.up === true ? 'true' : 'false';
}

/** A port is an IP object joined with its pod (node) and node (chassis). */
export function portRow(ip: IP, pod: KubeObject | undefined, node: KubeObject | undefined, nb: NbLookup | undefined): TableRow {
  const spec = ip.spec;
  const nodeName = spec.nodeName || (pod?.spec as { nodeName?: string } | undefined)?.nodeName || '';
  const address = [spec.v4IpAddress, spec.v6IpAddress].filter(Boolean).join(',') || spec.ipAddress || '';
  return {
    key: ip.metadata.name,
    object: ip,
    cells: [
      spec.podName ?? ip.metadata.name,
      spec.namespace ?? '',
      address,
      spec.macAddress ?? '',
      nodeName,
      node?.metadata.annotations?.[CHASSIS_ANNOTATION] ?? '',
      portUp(nb, ip.metadata.name),
    ],
  };
}

export const portView: ViewDef = {
  name: 'ip',
  title: 'Ports',
  aliases: ['ips', 'port', 'ports'],
  columns: ['POD', 'NAMESPACE', 'IP', 'MAC', 'NODE', 'CHASSIS', 'UP'],
  kinds: ['IP', 'Pod'],
  reads: ['IP', 'Pod', 'Node'],
  readsNb: true,
  rows(input: RowsInput) {
    const subnet = input.scope?.subnet;
    const pods = byName(input, 'Pod');
    const nodes = byName(input, 'Node');
    return listOf<IP>(input, 'IP')
      .filter((ip) => !subnet || ip.spec.subnet === subnet)
      .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0))
      .map((ip) => {
        const pod = pods.get(`${ip.spec.namespace}/${ip.spec.podName}`);
        const nodeName = ip.spec.nodeName || (pod?.spec as { nodeName?: string } | undefined)?.nodeName;
        return portRow(ip, pod, nodeName ? nodes.get(nodeName) : undefined, input.nb);
      });
  },
};
