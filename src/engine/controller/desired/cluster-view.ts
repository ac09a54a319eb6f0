/**
 * What the desired-state functions read: the cluster's objects after validation and formatting, reduced to
 * the facts that decide OVN rows. Building this view (from informers, IPAM and node health) is the
 * controller's job; turning it into rows is pure.
 */

export interface VpcView {
  readonly name: string;
  /** The default VPC (`ovn-cluster`) gets node routing, gateways and the default route via join. */
  readonly isDefault: boolean;
  readonly staticRoutes: readonly VpcStaticRouteView[];
  readonly policyRoutes: readonly VpcPolicyRouteView[];
  /** Peerings this VPC declares: the other VPC and this side's address on the link (CIDR form). */
  readonly peerings?: readonly { readonly remoteVpc: string; readonly localConnectIP: string }[];
  /** `enableExternal`, once everything it needs is there (router port address, gateway chassis). */
  readonly external?: VpcExternalView;
  /** Ports on `spec.extraExternalSubnets` (with `enableExternal`); no default route goes through them. */
  readonly extraExternals?: readonly VpcExternalView[];
}

/** A VPC router's port on the external (underlay) subnet: OVN's distributed gateway port. */
export interface VpcExternalView {
  readonly subnet: string;
  /** The port's addresses on the external subnet (`ip/prefix`), from the VPC's `lrp` OvnEip. */
  readonly networks: readonly string[];
  readonly mac: string;
  /** The external subnet's gateways: a custom VPC's default route goes there. */
  readonly gateways: readonly string[];
  /** Chassis that may host the port, highest priority first (nodes labelled `ovn.kubernetes.io/external-gw=true`). */
  readonly chassis: readonly string[];
}

/** An accepted OvnFip, OvnSnatRule or OvnDnatRule, resolved to addresses. */
export interface NatRuleView {
  readonly kind: 'fip' | 'snat' | 'dnat';
  /** The rule object's name. */
  readonly name: string;
  readonly vpc: string;
  readonly externalIp: string;
  /** The external subnet the EIP comes from: on a VPC with several external ports it picks the port. */
  readonly externalSubnet?: string;
  /** The internal address (fip, dnat) or address/CIDR (snat). */
  readonly internalIp: string;
  /** Distributed FIP: the port whose chassis answers for the external address, and the EIP's MAC. */
  readonly logicalPort?: string;
  readonly externalMac?: string;
  /** DNAT only. */
  readonly protocol?: 'tcp' | 'udp';
  readonly externalPort?: number;
  readonly internalPort?: number;
}

export interface VpcStaticRouteView {
  readonly policy: 'policyDst' | 'policySrc';
  readonly cidr: string;
  readonly nextHopIP: string;
  readonly routeTable: string;
}

export interface VpcPolicyRouteView {
  readonly priority: number;
  readonly match: string;
  readonly action: 'allow' | 'drop' | 'reroute';
  readonly nextHopIPs: readonly string[];
}

/** The underlay a subnet lives on, resolved from its Vlan and ProviderNetwork. */
export interface UnderlayView {
  readonly vlan: string;
  /** 0 = untagged. */
  readonly vlanId: number;
  readonly provider: string;
}

export interface SubnetView {
  readonly name: string;
  readonly vpc: string;
  /** Normalized CIDRs, one per family (`10.16.0.0/16`, `fd00:10:16::/112`). */
  readonly cidrs: readonly string[];
  /** Gateway per family, in the order of `cidrs`. */
  readonly gateways: readonly string[];
  readonly underlay?: UnderlayView;
  readonly logicalGateway: boolean;
  /** The router's address on an underlay subnet with u2oInterconnection (per family), once allocated. */
  readonly u2oInterconnectionIPs: readonly string[];
  readonly gatewayType: 'distributed' | 'centralized';
  /**
   * Join addresses of the gateway nodes egress currently goes through (centralized subnets only): one node
   * for active-backup, every healthy gateway for ECMP. Empty = no usable gateway (egress is not rerouted).
   */
  readonly gatewayNexthops: readonly string[];
  /** The router port's MAC (kept in IPAM so no pod gets it). */
  readonly routerPortMac: string;
}

export interface NodeView {
  readonly name: string;
  /** The node's addresses on `join` (its `ovn0`), one per family; empty until allocated. */
  readonly joinIPs: readonly string[];
  readonly joinMac?: string;
  /** The node's InternalIP addresses: pod → node traffic is rerouted to the node's join address. */
  readonly internalIPs: readonly string[];
}

export interface PodPortView {
  readonly namespace: string;
  readonly pod: string;
  readonly subnet: string;
  readonly mac: string;
  readonly ips: readonly string[];
  /** Where the pod runs; unset until scheduled. */
  readonly nodeName?: string;
  readonly portSecurity: boolean;
}

export interface ClusterView {
  readonly vpcs: readonly VpcView[];
  readonly subnets: readonly SubnetView[];
  readonly nodes: readonly NodeView[];
  readonly pods: readonly PodPortView[];
  /** The join subnet's name (`join`); its gateway is the default route's next hop in the default VPC. */
  readonly joinSubnet: string;
  /** OVN-native NAT rules (OvnFip, OvnSnatRule, OvnDnatRule) that were accepted. */
  readonly natRules?: readonly NatRuleView[];
}
