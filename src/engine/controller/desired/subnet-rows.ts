import type { DesiredNorthbound } from '../nb-model.js';
import { VENDOR, localnetPortName, routerPeerPortName, routerPortName } from '../ovn-names.js';
import type { SubnetView } from './cluster-view.js';
import { prefixLength } from './address-family.js';

/** An overlay subnet, or an underlay one whose gateway is the OVN router: routed through the VPC router. */
export function isRoutedByRouter(subnet: SubnetView): boolean {
  return subnet.underlay === undefined || subnet.logicalGateway;
}

/**
 * Whether the subnet is attached to its VPC router: always for overlay; for underlay only with
 * logicalGateway (the router is the gateway) or u2oInterconnection (the router has an interconnect address
 * next to the physical gateway).
 */
export function needsRouterPort(subnet: SubnetView): boolean {
  return isRoutedByRouter(subnet) || subnet.u2oInterconnectionIPs.length > 0;
}

/** The router port's networks: the gateway per family, or the U2O address on an interconnected underlay. */
export function routerPortNetworks(subnet: SubnetView): string[] {
  const useU2o = subnet.underlay !== undefined && !subnet.logicalGateway && subnet.u2oInterconnectionIPs.length > 0;
  const addresses = useU2o ? subnet.u2oInterconnectionIPs : subnet.gateways;
  return addresses.map((ip, i) => `${ip}/${prefixLength(subnet.cidrs[i])}`);
}

/**
 * A subnet's switch, its router attachment (router port `<vpc>-<subnet>` and peer `<subnet>-<vpc>`) when it
 * needs one, and its localnet port `localnet.<subnet>` when it is underlay. What the subnet does not need is
 * simply absent, so a mode switch removes the previous mode's rows.
 */
export function addSubnetRows(nb: DesiredNorthbound, subnet: SubnetView): void {
  nb.switches.set(subnet.name, { name: subnet.name, externalIds: { vendor: VENDOR, subnet: subnet.name }, otherConfig: {} });

  if (needsRouterPort(subnet)) {
    const lrp = routerPortName(subnet.vpc, subnet.name);
    const peer = routerPeerPortName(subnet.vpc, subnet.name);
    nb.routerPorts.set(lrp, {
      name: lrp,
      routerName: subnet.vpc,
      mac: subnet.routerPortMac,
      networks: routerPortNetworks(subnet),
      options: {},
      externalIds: { vendor: VENDOR, subnet: subnet.name, vpc: subnet.vpc },
    });
    nb.switchPorts.set(peer, {
      name: peer,
      switchName: subnet.name,
      type: 'router',
      addresses: ['router'],
      portSecurity: [],
      options: { 'router-port': lrp },
      externalIds: { vendor: VENDOR, subnet: subnet.name, vpc: subnet.vpc },
    });
  }

  if (subnet.underlay) {
    const name = localnetPortName(subnet.name);
    nb.switchPorts.set(name, {
      name,
      switchName: subnet.name,
      type: 'localnet',
      addresses: ['unknown'],
      portSecurity: [],
      options: { network_name: subnet.underlay.provider },
      // Tag 0 means untagged: OVN wants no tag at all then.
      ...(subnet.underlay.vlanId > 0 ? { tag: subnet.underlay.vlanId } : {}),
      externalIds: { vendor: VENDOR, subnet: subnet.name, vlan: subnet.underlay.vlan },
    });
  }
}
