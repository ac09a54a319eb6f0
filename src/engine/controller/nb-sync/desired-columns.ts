import type {
  DesiredAddressSet,
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
  addressSet: (a: DesiredAddressSet) => ({ name: a.name, addresses: [...a.addresses], external_ids: a.externalIds }),
};
