import type { DesiredNorthbound } from '../nb-model.js';
import { VENDOR, nodePortGroupName, podPortName, vpcSubnetsAddressSetName } from '../ovn-names.js';
import type { PodPortView, SubnetView } from './cluster-view.js';
import { familyOf, matchField } from './address-family.js';
import { PRIORITY } from './priorities.js';
import { isRoutedByRouter } from './subnet-rows.js';
import { addPolicy } from './vpc-rows.js';

/**
 * Egress routing of the default VPC:
 * - one address set per family with every routed CIDR of the VPC and one 31000 "allow" policy matching it,
 *   so east-west traffic is never rerouted (Kube-OVN writes one policy per subnet);
 * - distributed subnets: each scheduled pod joins its node's port group, which the node's 29000 reroute
 *   matches (see node rows);
 * - centralized subnets: one reroute per family from the subnet's CIDR to its active gateway(s).
 */
export function addDefaultVpcGatewayRows(
  nb: DesiredNorthbound,
  defaultVpc: string,
  subnets: readonly SubnetView[],
  pods: readonly PodPortView[],
): void {
  const routed = subnets.filter((s) => s.vpc === defaultVpc && isRoutedByRouter(s));

  for (const family of [4, 6] as const) {
    const cidrs = routed.flatMap((s) => s.cidrs.filter((c) => familyOf(c) === family));
    if (cidrs.length === 0) continue;
    const name = vpcSubnetsAddressSetName(defaultVpc, family);
    nb.addressSets.set(name, { name, addresses: cidrs.sort(), externalIds: { vendor: VENDOR, vpc: defaultVpc } });
    addPolicy(nb, {
      routerName: defaultVpc,
      priority: PRIORITY.subnetAllow,
      match: `${matchField(family)}.dst == $${name}`,
      action: 'allow',
      nexthops: [],
      externalIds: { vendor: VENDOR, vpc: defaultVpc, kind: 'east-west' },
    });
  }

  for (const subnet of routed.filter((s) => s.gatewayType === 'centralized')) {
    subnet.cidrs.forEach((cidr) => {
      const f = familyOf(cidr);
      const nexthops = subnet.gatewayNexthops.filter((ip) => familyOf(ip) === f);
      if (nexthops.length === 0) return;
      addPolicy(nb, {
        routerName: defaultVpc,
        priority: PRIORITY.centralizedGateway,
        match: `${matchField(f)}.src == ${cidr}`,
        action: 'reroute',
        nexthops: [...nexthops].sort(),
        externalIds: { vendor: VENDOR, subnet: subnet.name, kind: 'centralized-gateway' },
      });
    });
  }

  const distributed = new Set(routed.filter((s) => s.gatewayType === 'distributed').map((s) => s.name));
  const members = new Map<string, string[]>();
  for (const pod of pods) {
    if (!pod.nodeName || !distributed.has(pod.subnet)) continue;
    const pg = nodePortGroupName(pod.nodeName);
    if (!nb.portGroups.has(pg) || !nb.switchPorts.has(podPortName(pod.pod, pod.namespace))) continue;
    let list = members.get(pg);
    if (!list) members.set(pg, (list = []));
    list.push(podPortName(pod.pod, pod.namespace));
  }
  for (const [pg, ports] of members) {
    const group = nb.portGroups.get(pg)!;
    nb.portGroups.set(pg, { ...group, ports: ports.sort() });
  }
}
