import type { DesiredNorthbound } from '../nb-model.js';
import { VENDOR, nodePortGroupName, nodePortName } from '../ovn-names.js';
import type { NodeView } from './cluster-view.js';
import { familyOf, matchField } from './address-family.js';
import { PRIORITY } from './priorities.js';
import { addPolicy } from './vpc-rows.js';

/**
 * A node's rows: its port on the join switch, its port group (filled with its pods by the pod rows), one
 * distributed-egress reroute per family matching that group, and the reroute of traffic to its InternalIPs.
 * This is the scale rule: rows per node, never per (node, subnet).
 */
export function addNodeRows(nb: DesiredNorthbound, node: NodeView, joinSubnet: string, defaultVpc: string): void {
  if (node.joinIPs.length === 0 || !node.joinMac) return;
  const port = nodePortName(node.name);
  nb.switchPorts.set(port, {
    name: port,
    switchName: joinSubnet,
    type: '',
    addresses: [`${node.joinMac} ${node.joinIPs.join(' ')}`],
    portSecurity: [],
    options: {},
    externalIds: { vendor: VENDOR, node: node.name },
  });

  const pg = nodePortGroupName(node.name);
  nb.portGroups.set(pg, { name: pg, ports: [], externalIds: { vendor: VENDOR, node: node.name } });

  for (const joinIP of node.joinIPs) {
    const f = familyOf(joinIP);
    addPolicy(nb, {
      routerName: defaultVpc,
      priority: PRIORITY.distributedGateway,
      match: `${matchField(f)}.src == $${pg}_${matchField(f)}`,
      action: 'reroute',
      nexthops: [joinIP],
      externalIds: { vendor: VENDOR, node: node.name, kind: 'distributed-gateway' },
    });
    for (const internalIP of node.internalIPs.filter((ip) => familyOf(ip) === f)) {
      addPolicy(nb, {
        routerName: defaultVpc,
        priority: PRIORITY.nodeAddress,
        match: `${matchField(f)}.dst == ${internalIP}`,
        action: 'reroute',
        nexthops: [joinIP],
        externalIds: { vendor: VENDOR, node: node.name, kind: 'node-address' },
      });
    }
  }
}
