import type {
  DesiredAddressSet,
  DesiredGatewayChassis,
  DesiredLoadBalancer,
  DesiredNat,
  DesiredPolicy,
  DesiredRouter,
  DesiredRouterPort,
  DesiredStaticRoute,
  DesiredSwitch,
  DesiredSwitchPort,
} from '../nb-model.js';

/**
 * The columns kovn manages for each desired row, in OVSDB column names. Reference columns (ports, routes,
 * policies, port group members) are not here: the planner writes them from the parent side.
 */
export const columnsOf = {
  switch: (s: DesiredSwitch) => ({ name: s.name, external_ids: s.externalIds, other_config: s.otherConfig }),
  switchPort: (p: DesiredSwitchPort) => ({
    name: p.name,
    type: p.type,
    addresses: [...p.addresses],
    port_security: [...p.portSecurity],
    options: p.options,
    tag: p.tag,
    external_ids: p.externalIds,
  }),
  router: (r: DesiredRouter) => ({ name: r.name, options: r.options, external_ids: r.externalIds }),
  routerPort: (p: DesiredRouterPort) => ({
    name: p.name,
    mac: p.mac,
    networks: [...p.networks],
    options: p.options,
    peer: p.peer,
    external_ids: p.externalIds,
  }),
  staticRoute: (r: DesiredStaticRoute) => ({
    ip_prefix: r.ipPrefix,
    nexthop: r.nexthop,
    policy: r.policy,
    route_table: r.routeTable,
    external_ids: r.externalIds,
  }),
  policy: (p: DesiredPolicy) => ({
    priority: p.priority,
    match: p.match,
    action: p.action,
    nexthops: [...p.nexthops],
    external_ids: p.externalIds,
  }),
  nat: (n: DesiredNat) => ({
    type: n.type,
    external_ip: n.externalIp,
    logical_ip: n.logicalIp,
    logical_port: n.logicalPort,
    external_mac: n.externalMac,
    options: n.options,
    external_ids: n.externalIds,
  }),
  gatewayChassis: (g: DesiredGatewayChassis) => ({ name: g.name, chassis_name: g.chassisName, priority: g.priority, external_ids: g.externalIds }),
  loadBalancer: (l: DesiredLoadBalancer) => ({ name: l.name, protocol: l.protocol, vips: l.vips, external_ids: l.externalIds }),
  addressSet: (a: DesiredAddressSet) => ({ name: a.name, addresses: [...a.addresses], external_ids: a.externalIds }),
};
