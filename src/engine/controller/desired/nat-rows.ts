import type { DesiredNat, DesiredNorthbound } from '../nb-model.js';
import { natKey } from '../nb-model.js';
import { VENDOR, routerPortName } from '../ovn-names.js';
import type { NatRuleView, VpcView } from './cluster-view.js';

/** OVN's external_ids owner key per rule kind (the object kind, as in Kube-OVN). */
export const NAT_OWNER_KEY = { fip: 'ovn-fip', snat: 'ovn-snat', dnat: 'ovn-dnat' } as const;

/**
 * OVN-native NAT of the accepted rules, on their VPC's router: OvnFip → `dnat_and_snat` (distributed: with the
 * pod's port and the EIP's MAC, stateless, so the pod's own chassis answers), OvnSnatRule → `snat`, OvnDnatRule
 * → a load balancer `eip:port → ip:port` attached to the router (OVN's NAT table has no L4 ports; a router load
 * balancer runs on the distributed gateway port's chassis in OVN 23.03). Rules of a VPC without its external
 * port get nothing. On a router with several external ports (extraExternalSubnets) a NAT row names the port of
 * its EIP's subnet (`gateway_port`), and no DNAT is written: OVN 23.03 does not run router load balancers with
 * more than one distributed gateway port (validation refuses such a rule).
 */
export function addNatRows(nb: DesiredNorthbound, rules: readonly NatRuleView[], vpcs: readonly VpcView[]): void {
  for (const rule of rules) {
    const vpc = vpcs.find((v) => v.name === rule.vpc);
    if (!vpc?.external || vpc.external.chassis.length === 0) continue;
    const ports = [vpc.external, ...(vpc.extraExternals ?? [])].filter((p) => p.chassis.length > 0);
    const port = ports.find((p) => p.subnet === (rule.externalSubnet ?? vpc.external!.subnet));
    if (!port) continue;
    const gatewayPort = ports.length > 1 ? routerPortName(rule.vpc, port.subnet) : undefined;
    const externalIds = { vendor: VENDOR, vpc: rule.vpc, [NAT_OWNER_KEY[rule.kind]]: rule.name };
    if (rule.kind === 'dnat') {
      if (gatewayPort) continue;
      nb.loadBalancers?.set(rule.name, {
        name: rule.name,
        protocol: rule.protocol ?? 'tcp',
        vips: { [`${rule.externalIp}:${rule.externalPort}`]: `${rule.internalIp}:${rule.internalPort}` },
        routerNames: [rule.vpc],
        externalIds,
      });
    } else {
      const distributed = rule.kind === 'fip' && rule.logicalPort !== undefined && rule.externalMac !== undefined;
      const nat: DesiredNat = {
        routerName: rule.vpc,
        type: rule.kind === 'fip' ? 'dnat_and_snat' : 'snat',
        externalIp: rule.externalIp,
        logicalIp: rule.internalIp,
        ...(distributed ? { logicalPort: rule.logicalPort!, externalMac: rule.externalMac! } : {}),
        ...(gatewayPort ? { gatewayPort } : {}),
        options: distributed ? { stateless: 'true' } : ({} as Record<string, string>),
        externalIds,
      };
      nb.nats?.set(natKey(nat), nat);
    }
  }
}

