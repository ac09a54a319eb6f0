import type { DesiredNorthbound } from '../nb-model.js';
import { VENDOR, u2oExcludeAddressSetName } from '../ovn-names.js';
import type { NodeView, SubnetView } from './cluster-view.js';
import { familyOf, matchField } from './address-family.js';
import { PRIORITY } from './priorities.js';
import { addPolicy } from './vpc-rows.js';

/** An underlay subnet interconnected with its VPC's overlay (U2O): the router holds an address on it. */
export function isU2o(subnet: SubnetView): boolean {
  return subnet.underlay !== undefined && !subnet.logicalGateway && subnet.u2oInterconnectionIPs.length > 0;
}

/**
 * Routing of a U2O subnet on its VPC router. Its pods use the router's interconnect address as gateway, so
 * the router sees all their traffic:
 * - to the subnet (from overlay pods): allowed, never rerouted to a gateway node (default VPC only);
 * - to node InternalIPs: to the physical gateway (above the 30000 node reroute, which would send it through
 *   a node's ovn0 and back out of the physical network asymmetrically);
 * - anything else leaving the VPC: to the physical gateway.
 * East-west to overlay subnets is matched first by the 31000 VPC allow.
 */
export function addU2oRows(nb: DesiredNorthbound, subnet: SubnetView, nodes: readonly NodeView[], isDefaultVpc: boolean): void {
  if (!isU2o(subnet)) return;
  const ids = { vendor: VENDOR, subnet: subnet.name, kind: 'u2o' };
  subnet.cidrs.forEach((cidr, i) => {
    const family = familyOf(cidr);
    const field = matchField(family);
    const physicalGateway = subnet.gateways[i];
    if (isDefaultVpc) {
      addPolicy(nb, { routerName: subnet.vpc, priority: PRIORITY.u2oAllow, match: `${field}.dst == ${cidr}`, action: 'allow', nexthops: [], externalIds: ids });
    }
    if (!physicalGateway) return;
    const nodeIPs = nodes.flatMap((n) => n.internalIPs.filter((ip) => familyOf(ip) === family));
    if (nodeIPs.length > 0) {
      const set = u2oExcludeAddressSetName(subnet.name, family);
      nb.addressSets.set(set, { name: set, addresses: [...new Set(nodeIPs)].sort(), externalIds: ids });
      addPolicy(nb, {
        routerName: subnet.vpc,
        priority: PRIORITY.u2oNodeAddress,
        match: `${field}.dst == $${set} && ${field}.src == ${cidr}`,
        action: 'reroute',
        nexthops: [physicalGateway],
        externalIds: ids,
      });
    }
    addPolicy(nb, { routerName: subnet.vpc, priority: PRIORITY.u2oGateway, match: `${field}.src == ${cidr}`, action: 'reroute', nexthops: [physicalGateway], externalIds: ids });
  });
}
