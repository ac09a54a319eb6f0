/**
 * The Northbound rows kovn wants, as plain data: what the pure "desired state" functions return and what the
 * NB syncer diffs against its replica. Every row carries `external_ids` with `vendor=kovn` and owner keys;
 * rows are identified by the `key` of each type (names where OVN has them, otherwise the columns that make a
 * route or policy what it is).
 */

export type ExternalIds = Record<string, string>;

export interface DesiredSwitch {
  readonly name: string;
  readonly externalIds: ExternalIds;
  readonly otherConfig: Record<string, string>;
}

export interface DesiredSwitchPort {
  readonly name: string;
  /** The logical switch the port belongs to. */
  readonly switchName: string;
  /** '' for a VIF (pod, node), 'router' for a router peer, 'localnet' for an underlay uplink. */
  readonly type: '' | 'router' | 'localnet';
  readonly addresses: readonly string[];
  readonly portSecurity: readonly string[];
  readonly options: Record<string, string>;
  /** VLAN tag of a localnet port (1..4095); absent = untagged. */
  readonly tag?: number;
  readonly externalIds: ExternalIds;
}

export interface DesiredRouter {
  readonly name: string;
  readonly options: Record<string, string>;
  readonly externalIds: ExternalIds;
}

export interface DesiredRouterPort {
  readonly name: string;
  readonly routerName: string;
  readonly mac: string;
  /** `ip/prefix` entries, e.g. `10.16.0.1/16`. */
  readonly networks: readonly string[];
  readonly options: Record<string, string>;
  /** The router port this one is wired to directly (VPC peering), instead of a switch. */
  readonly peer?: string;
  readonly externalIds: ExternalIds;
}

export interface DesiredStaticRoute {
  readonly routerName: string;
  readonly ipPrefix: string;
  readonly nexthop: string;
  readonly policy: 'dst-ip' | 'src-ip';
  readonly routeTable: string;
  readonly externalIds: ExternalIds;
}

export interface DesiredPolicy {
  readonly routerName: string;
  readonly priority: number;
  readonly match: string;
  readonly action: 'allow' | 'drop' | 'reroute';
  readonly nexthops: readonly string[];
  readonly externalIds: ExternalIds;
}

export interface DesiredPortGroup {
  readonly name: string;
  /** Names of the logical switch ports in the group. */
  readonly ports: readonly string[];
  readonly externalIds: ExternalIds;
}

export interface DesiredAddressSet {
  readonly name: string;
  readonly addresses: readonly string[];
  readonly externalIds: ExternalIds;
}

/** A NAT rule on a router (OvnFip → dnat_and_snat, OvnSnatRule → snat). */
export interface DesiredNat {
  readonly routerName: string;
  readonly type: 'snat' | 'dnat' | 'dnat_and_snat';
  readonly externalIp: string;
  /** An address, or a CIDR for snat. */
  readonly logicalIp: string;
  /** Distributed dnat_and_snat: the switch port whose chassis answers for the external address. */
  readonly logicalPort?: string;
  readonly externalMac?: string;
  /** The router port (by name) that does the NAT, when the router has several distributed gateway ports. */
  readonly gatewayPort?: string;
  readonly options: Record<string, string>;
  readonly externalIds: ExternalIds;
}

/** A chassis that may host a distributed gateway port; the highest priority is active. */
export interface DesiredGatewayChassis {
  /** `<router port>-<chassis>`, as ovn-nbctl lrp-set-gateway-chassis names it. */
  readonly name: string;
  readonly routerPortName: string;
  readonly chassisName: string;
  readonly priority: number;
  readonly externalIds: ExternalIds;
}

/** A load balancer attached to routers (OvnDnatRule: `eip:port` → `ip:port`). */
export interface DesiredLoadBalancer {
  readonly name: string;
  readonly protocol: 'tcp' | 'udp';
  /** `vip:port` → `backend:port[,backend:port…]`. */
  readonly vips: Record<string, string>;
  readonly routerNames: readonly string[];
  readonly externalIds: ExternalIds;
}

/**
 * Everything kovn wants in the Northbound, keyed by each row's identity. The NAT-side tables are optional so
 * that code which lists every table (src/actions/northbound-diff.ts) keeps compiling until it shows them;
 * `emptyDesiredNorthbound` always fills them and the syncer reads a missing one as empty.
 */
export interface DesiredNorthbound {
  readonly switches: Map<string, DesiredSwitch>;
  readonly switchPorts: Map<string, DesiredSwitchPort>;
  readonly routers: Map<string, DesiredRouter>;
  readonly routerPorts: Map<string, DesiredRouterPort>;
  readonly staticRoutes: Map<string, DesiredStaticRoute>;
  readonly policies: Map<string, DesiredPolicy>;
  readonly portGroups: Map<string, DesiredPortGroup>;
  readonly addressSets: Map<string, DesiredAddressSet>;
  readonly nats?: Map<string, DesiredNat>;
  readonly gatewayChassis?: Map<string, DesiredGatewayChassis>;
  readonly loadBalancers?: Map<string, DesiredLoadBalancer>;
}

/** A DesiredNorthbound whose NAT-side tables are present (what `emptyDesiredNorthbound` returns). */
export type FullDesiredNorthbound = Required<DesiredNorthbound>;

export function emptyDesiredNorthbound(): FullDesiredNorthbound {
  return {
    switches: new Map(),
    switchPorts: new Map(),
    routers: new Map(),
    routerPorts: new Map(),
    staticRoutes: new Map(),
    policies: new Map(),
    portGroups: new Map(),
    addressSets: new Map(),
    nats: new Map(),
    gatewayChassis: new Map(),
    loadBalancers: new Map(),
  };
}

/** Identity of a static route: one route per (router, table, policy, prefix); the next hop may change. */
export function staticRouteKey(r: Pick<DesiredStaticRoute, 'routerName' | 'routeTable' | 'policy' | 'ipPrefix'>): string {
  return `${r.routerName}|${r.routeTable}|${r.policy}|${r.ipPrefix}`;
}

/** Identity of a router policy: (router, priority, match); action and next hops may change in place. */
export function policyKey(p: Pick<DesiredPolicy, 'routerName' | 'priority' | 'match'>): string {
  return `${p.routerName}|${p.priority}|${p.match}`;
}

/** Identity of a NAT row: (router, type, external address, logical address). */
export function natKey(n: Pick<DesiredNat, 'routerName' | 'type' | 'externalIp' | 'logicalIp'>): string {
  return `${n.routerName}|${n.type}|${n.externalIp}|${n.logicalIp}`;
}
