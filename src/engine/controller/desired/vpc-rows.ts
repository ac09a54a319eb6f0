import type { DesiredNorthbound, DesiredStaticRoute, DesiredPolicy } from '../nb-model.js';
import { policyKey, staticRouteKey } from '../nb-model.js';
import { VENDOR } from '../ovn-names.js';
import type { VpcView } from './cluster-view.js';
import { familyOf } from './address-family.js';
import { routerPortMac } from './router-port-mac.js';

/** Router options kovn sets on every VPC router (as Kube-OVN does). */
const ROUTER_OPTIONS = { mac_binding_age_threshold: '300', dynamic_neigh_routers: 'true' };

/**
 * A VPC's logical router, its user static routes and policy routes, and for the default VPC the default
 * route through the join subnet's gateway in every route table the VPC uses.
 */
export function addVpcRows(nb: DesiredNorthbound, vpc: VpcView, joinGateways: readonly string[]): void {
  nb.routers.set(vpc.name, { name: vpc.name, options: { ...ROUTER_OPTIONS }, externalIds: { vendor: VENDOR, vpc: vpc.name } });

  for (const r of vpc.staticRoutes) {
    addRoute(nb, {
      routerName: vpc.name,
      ipPrefix: r.cidr,
      nexthop: r.nextHopIP,
      policy: r.policy === 'policySrc' ? 'src-ip' : 'dst-ip',
      routeTable: r.routeTable,
      externalIds: { vendor: VENDOR, vpc: vpc.name, source: 'spec' },
    });
  }
  for (const p of vpc.policyRoutes) {
    addPolicy(nb, {
      routerName: vpc.name,
      priority: p.priority,
      match: p.match,
      action: p.action,
      nexthops: p.action === 'reroute' ? [...p.nextHopIPs] : [],
      externalIds: { vendor: VENDOR, vpc: vpc.name, source: 'spec' },
    });
  }

  if (vpc.isDefault) {
    const tables = new Set(['', ...vpc.staticRoutes.map((r) => r.routeTable)]);
    for (const gw of joinGateways) {
      const prefix = familyOf(gw) === 4 ? '0.0.0.0/0' : '::/0';
      for (const routeTable of tables) {
        const route: DesiredStaticRoute = {
          routerName: vpc.name,
          ipPrefix: prefix,
          nexthop: gw,
          policy: 'dst-ip',
          routeTable,
          externalIds: { vendor: VENDOR, vpc: vpc.name, source: 'default-route' },
        };
        // A user route for the same prefix and table wins over the default one.
        if (!nb.staticRoutes.has(staticRouteKey(route))) addRoute(nb, route);
      }
    }
  }
}

/**
 * VPC peering: a router port `<vpc>-<remote>` with this side's link address, wired to the remote's
 * `<remote>-<vpc>` through `peer`. Written only when both VPCs declare the peering (OVN needs both ports);
 * routes to the remote's CIDRs are the users' static routes, as in Kube-OVN.
 */
export function addVpcPeeringRows(nb: DesiredNorthbound, vpc: VpcView, vpcs: readonly VpcView[]): void {
  for (const peering of vpc.peerings ?? []) {
    const remote = vpcs.find((v) => v.name === peering.remoteVpc);
    if (!remote?.peerings?.some((p) => p.remoteVpc === vpc.name)) continue;
    const name = `${vpc.name}-${remote.name}`;
    nb.routerPorts.set(name, {
      name,
      routerName: vpc.name,
      mac: routerPortMac(name),
      networks: [peering.localConnectIP],
      options: {},
      peer: `${remote.name}-${vpc.name}`,
      externalIds: { vendor: VENDOR, vpc: vpc.name, peering: remote.name },
    });
  }
}

function addRoute(nb: DesiredNorthbound, route: DesiredStaticRoute): void {
  nb.staticRoutes.set(staticRouteKey(route), route);
}

export function addPolicy(nb: DesiredNorthbound, policy: DesiredPolicy): void {
  nb.policies.set(policyKey(policy), policy);
}
