import type { DesiredNorthbound, DesiredStaticRoute } from '../nb-model.js';
import { staticRouteKey } from '../nb-model.js';
import { VENDOR, routerPeerPortName, routerPortName } from '../ovn-names.js';
import type { VpcExternalView, VpcView } from './cluster-view.js';
import { familyOf } from './address-family.js';

/**
 * `enableExternal`: the VPC router's port `<vpc>-<ext>` on the external switch (peer `<ext>-<vpc>`), hosted
 * on the external gateway chassis (OVN's distributed gateway port: NAT and load balancers on this router run
 * there), and the default route to the external subnet's gateway in every route table the VPC uses (a user
 * route for the same prefix wins). Ports on extra external subnets come the same way, without a default route
 * (their networks are reached as connected routes). Custom VPCs only: external-access.ts never gives the
 * default VPC a port.
 */
export function addVpcExternalRows(nb: DesiredNorthbound, vpc: VpcView): void {
  const ext = vpc.external;
  if (!ext || ext.chassis.length === 0 || ext.networks.length === 0) return;
  addExternalPort(nb, vpc.name, ext);
  for (const extra of vpc.extraExternals ?? []) if (extra.chassis.length > 0 && extra.networks.length > 0) addExternalPort(nb, vpc.name, extra);
  const tables = new Set(['', ...vpc.staticRoutes.map((r) => r.routeTable)]);
  for (const gw of ext.gateways) {
    for (const routeTable of tables) {
      const route: DesiredStaticRoute = {
        routerName: vpc.name,
        ipPrefix: familyOf(gw) === 4 ? '0.0.0.0/0' : '::/0',
        nexthop: gw,
        policy: 'dst-ip',
        routeTable,
        externalIds: { vendor: VENDOR, vpc: vpc.name, 'external-subnet': ext.subnet, source: 'external-default-route' },
      };
      const key = staticRouteKey(route);
      if (!nb.staticRoutes.has(key)) nb.staticRoutes.set(key, route);
    }
  }
}

function addExternalPort(nb: DesiredNorthbound, vpc: string, ext: VpcExternalView): void {
  const lrp = routerPortName(vpc, ext.subnet);
  const owner = { vendor: VENDOR, vpc, 'external-subnet': ext.subnet };
  nb.routerPorts.set(lrp, { name: lrp, routerName: vpc, mac: ext.mac, networks: [...ext.networks], options: {}, externalIds: owner });
  const peer = routerPeerPortName(vpc, ext.subnet);
  nb.switchPorts.set(peer, {
    name: peer,
    switchName: ext.subnet,
    type: 'router',
    addresses: ['router'],
    portSecurity: [],
    options: { 'router-port': lrp },
    externalIds: owner,
  });
  ext.chassis.forEach((chassis, i) => {
    const name = `${lrp}-${chassis}`;
    nb.gatewayChassis?.set(name, { name, routerPortName: lrp, chassisName: chassis, priority: ext.chassis.length - i, externalIds: owner });
  });
}
