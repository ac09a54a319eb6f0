/**
 * The condition reasons validation reports (ValidationIssue.reason). Stable: the TUI, events and tests match on
 * them. "Kube-OVN" names the §10 row of reference/kube-ovn-behaviour.md the reason stands for; "kovn" marks a
 * check Kube-OVN does not make (it fails later, silently, or in OVN).
 *
 * | Reason | Kind | Rejected input | Source |
 * |---|---|---|---|
 * | MissingCIDR | Subnet | overlay subnet without cidrBlock | kovn |
 * | InvalidCIDR | Subnet | cidrBlock unparsable, uppercase, stray comma, >2 CIDRs, two of one family, host mask | §10.1 #5 |
 * | ReservedCIDR | Subnet | cidrBlock overlaps broadcast/multicast/loopback/zero/link-local space | §10.1 #4 |
 * | InvalidGateway | Subnet | gateway unparsable, uppercase, two of one family, family without CIDR | §10.1 #1 |
 * | GatewayOutOfRange | Subnet | gateway outside cidrBlock | §10.1 #2 |
 * | GatewayNotUsable | Subnet | gateway is the network or last (broadcast) address | §10.1 #3 |
 * | InvalidExcludeIps | Subnet | excludeIps entry not an IP / `a..b` range | §10.1 #6 |
 * | ExcludeIpOutOfRange | Subnet | excludeIps entry outside cidrBlock | kovn |
 * | InvalidAllowSubnets | Subnet | allowSubnets entry not a CIDR | §10.1 #7 |
 * | InvalidGatewayType | Subnet | gatewayType not distributed/centralized | §10.1 #8 |
 * | InvalidProtocol | Subnet | protocol not IPv4/IPv6/Dual/Mac | §10.1 #9 |
 * | InvalidMTU | Subnet | mtu below the IPv6 minimum (1280) on an IPv6/dual subnet, or outside 68..65535 | §10.1 #10 |
 * | SubnetNameEqualsVpc | Subnet | subnet named like its own spec.vpc | §10.1 #11 |
 * | ApiServerAddressConflict | Subnet | default-VPC subnet holding the API server service IP | §10.1 #12 |
 * | InvalidExternalEgressGateway | Subnet | externalEgressGateway: >2 IPs, invalid IP, family without CIDR | §10.1 #13 |
 * | ExternalEgressGatewayConflict | Subnet | externalEgressGateway together with natOutgoing | §10.1 #13 |
 * | InvalidPolicyRouting | Subnet | policyRoutingPriority outside 1..32765, policyRoutingTableID outside 1..2^31-1 or 252..255 | CRD |
 * | InvalidVip | Subnet | vips on a MAC-only subnet, invalid, uppercase, outside cidrBlock | §10.1 #14 |
 * | U2OConflictsWithLogicalGateway | Subnet | logicalGateway and u2oInterconnection both on | §10.1 #15 |
 * | InvalidU2OFeatures | Subnet | u2oFeatures.overlayOnlyRouting without u2oInterconnection or vlan | §10.1 #16 |
 * | InvalidNatOutgoingPolicyRule | Subnet | rule without src/dst, not IP/CIDR, mixed families, bad action | §10.1 #17 |
 * | InvalidU2OInterconnectionIP | Subnet | on MAC-only subnet, invalid, outside cidrBlock, equal to gateway | §10.1 #18 |
 * | MacOnlyAddressing | Subnet | MAC-only (vlan, no cidrBlock) subnet with gateway or excludeIps | §10.1 #19 |
 * | CIDRConflict | Subnet | cidrBlock overlaps a subnet of the same VPC and Vlan | §10.1 #20 |
 * | PolicyRoutingTableConflict | Subnet | two externalEgressGateway subnets of one VPC/Vlan share policyRoutingTableID | §10.1 #21 |
 * | NameConflictsWithVpc | Subnet | new subnet named like an existing VPC | §10.1 #22 |
 * | NamespaceNotInVpc | Subnet | custom-VPC subnet namespace not in the VPC's namespaces | §10.1 #23 |
 * | NamespaceClaimedByVpc | Subnet | default-VPC subnet namespace bound to a custom VPC | §10.1 #24 |
 * | GatewayChangeWhileInUse | Subnet | gateway changed while IPs are in use | §10.1 #25 |
 * | UnderlayCIDRChange | Subnet | CIDR added to a MAC-only subnet, or removed from an underlay subnet | §10.1 #26 |
 * | VpcImmutable | Subnet | vpc changed other than "" → default VPC | §10.1 #27 |
 * | SubnetInUse | Subnet | deletion while IPs are in use | §10.1 #28 |
 * | NodeAddressConflict | Subnet | default-VPC overlay subnet holding a node's InternalIP | §10.1 #29 |
 * | VlanNotFound | Subnet | spec.vlan names no Vlan | §10.1 #30 |
 * | VlanIdConflict | Subnet, Vlan | Vlan shares provider and non-zero id with another Vlan | §10.1 #30, §10.4 |
 * | VlanNotReady | Subnet | the ProviderNetwork has not processed the Vlan yet (transient) | §10.1 #30 |
 * | ProviderNetworkNotFound | Subnet, Vlan | the Vlan's provider names no ProviderNetwork | §10.1 #30, kovn |
 * | VpcNotFound | Subnet | spec.vpc names no Vpc | §10.1 #31 |
 * | VpcNotReady | Subnet | the Vpc is not standby yet (transient) | §10.1 #31 |
 * | NoGatewayNode | Subnet | centralized without gatewayNode / gatewayNodeSelectors | §10.1 #32 |
 * | InvalidGatewayNode | Subnet | gatewayNode entry not `node` or `node:ip` | kovn |
 * | GatewayNodeNotFound | Subnet | gatewayNode names a node that does not exist, or selectors match none | §10.1 #33 |
 * | NoReadyGatewayNode | Subnet | no gateway node is Ready (transient) | §10.1 #33 |
 * | InvalidStaticRoutePolicy | Vpc | staticRoutes[].policy not policySrc/policyDst | §10.2 |
 * | InvalidStaticRouteCidr | Vpc | staticRoutes[].cidr not a CIDR or IP | §10.2 |
 * | InvalidNextHop | Vpc | nextHopIP not an IP (static route; reroute policy, each of the list) | §10.2 |
 * | NextHopFamilyMismatch | Vpc | static route next hop of another family than its cidr | kovn |
 * | InvalidPolicyRoutePriority | Vpc | policyRoutes[].priority outside 0..32767 | §10.2 |
 * | InvalidPolicyRouteAction | Vpc | policyRoutes[].action not allow/drop/reroute | §10.2 |
 * | MissingPolicyRouteMatch | Vpc | policyRoutes[].match empty | kovn |
 * | InvalidLocalConnectIP | Vpc | vpcPeerings[].localConnectIP not a CIDR | §10.2 |
 * | MissingRemoteVpc | Vpc | vpcPeerings[].remoteVpc empty | kovn |
 * | NameConflictsWithSubnet | Vpc | new VPC named like an existing subnet | §10.2 |
 * | ExternalSubnetNotFound | Vpc | enableExternal without the external subnet; extraExternalSubnets entry missing | §10.2 |
 * | InvalidBfdPortIP | Vpc | bfdPort enabled with an ip that is not an IP | kovn |
 * | VpcHasSubnets | Vpc | deletion while subnets use the VPC | §10.2 |
 * | VpcReferencedByNat | Vpc | deletion while OVN NAT rules reference the VPC | §10.2 |
 * | InvalidVlanId | Vlan | id not an integer in 0..4095 | §10.4 |
 * | MissingProvider | Vlan | no provider and no default ProviderNetwork | §10.4 |
 * | ProviderNetworkNameTooLong | ProviderNetwork | name > 12 bytes (bridge `br-<name>` must fit 15) | kovn |
 * | MissingDefaultInterface | ProviderNetwork | defaultInterface empty | §10.4 |
 * | InvalidInterfaceName | ProviderNetwork | interface > 15 bytes, with `/`, `:` or whitespace, `.`/`..` | §10.4 |
 * | InvalidVlanInterface | ProviderNetwork | vlanInterfaces entry not `<if>.<0-4095>` | §10.4 |
 * | InvalidNodeName | ProviderNetwork | excludeNodes / customInterfaces nodes entry not a node name | kovn |
 * | DuplicateCustomInterfaceNode | ProviderNetwork | a node listed under two custom interfaces | kovn |
 * | MissingSubnet | IP, IPPool | spec.subnet empty | §10.3 |
 * | SubnetNotFound | IP, IPPool, Pod | the named subnet does not exist | §10.3 |
 * | InvalidIPAddress | IP, Pod | address unparsable, uppercase, wrong family, two of one family | §10.3 |
 * | AddressOutOfRange | IP, IPPool, Pod | address outside the subnet's CIDR | §10.3 |
 * | InvalidMacAddress | IP, Pod | not a unicast MAC | §10.3 |
 * | InvalidPodType | IP | podType not "", StatefulSet, VirtualMachine | §10.3 |
 * | FieldImmutable | IP, IPPool | an immutable field changed once set | §10.3 |
 * | MissingIps | IPPool | ips empty | §10.3 |
 * | InvalidIPPoolEntry | IPPool, Pod | ips / ip_pool entry not an IP, range or CIDR | §10.3 |
 * | IPPoolConflict | IPPool | ips overlap another pool of the same subnet | §10.3 |
 * | IPPoolNotFound | Pod | ip_pool names no IPPool | §10.3 |
 * | IPPoolSubnetMismatch | Pod | ip_pool's IPPool belongs to another subnet than logical_switch | kovn |
 * | InvalidRate | Pod | ingress/egress rate or burst not a non-negative integer | §10.3 |
 * | InvalidIpFamily | Pod | ip_family not ipv4/ipv6 | §10.3 |
 * | IpFamilyMismatch | Pod | ip_family disagrees with ip_address or the subnet's protocol | §10.3 |
 * | InvalidRoutes | Pod | routes not a JSON list of {dst, gw} with valid CIDR/IP | kovn |
 * | InvalidPortSecurity | Pod | port_security not true/false | kovn |
 */
export const Reason = {
  MissingCIDR: 'MissingCIDR',
  InvalidCIDR: 'InvalidCIDR',
  ReservedCIDR: 'ReservedCIDR',
  InvalidGateway: 'InvalidGateway',
  GatewayOutOfRange: 'GatewayOutOfRange',
  GatewayNotUsable: 'GatewayNotUsable',
  InvalidExcludeIps: 'InvalidExcludeIps',
  ExcludeIpOutOfRange: 'ExcludeIpOutOfRange',
  InvalidAllowSubnets: 'InvalidAllowSubnets',
  InvalidGatewayType: 'InvalidGatewayType',
  InvalidProtocol: 'InvalidProtocol',
  InvalidMTU: 'InvalidMTU',
  SubnetNameEqualsVpc: 'SubnetNameEqualsVpc',
  ApiServerAddressConflict: 'ApiServerAddressConflict',
  InvalidExternalEgressGateway: 'InvalidExternalEgressGateway',
  ExternalEgressGatewayConflict: 'ExternalEgressGatewayConflict',
  InvalidPolicyRouting: 'InvalidPolicyRouting',
  InvalidVip: 'InvalidVip',
  U2OConflictsWithLogicalGateway: 'U2OConflictsWithLogicalGateway',
  InvalidU2OFeatures: 'InvalidU2OFeatures',
  InvalidNatOutgoingPolicyRule: 'InvalidNatOutgoingPolicyRule',
  InvalidU2OInterconnectionIP: 'InvalidU2OInterconnectionIP',
  MacOnlyAddressing: 'MacOnlyAddressing',
  CIDRConflict: 'CIDRConflict',
  PolicyRoutingTableConflict: 'PolicyRoutingTableConflict',
  NameConflictsWithVpc: 'NameConflictsWithVpc',
  NamespaceNotInVpc: 'NamespaceNotInVpc',
  NamespaceClaimedByVpc: 'NamespaceClaimedByVpc',
  GatewayChangeWhileInUse: 'GatewayChangeWhileInUse',
  UnderlayCIDRChange: 'UnderlayCIDRChange',
  VpcImmutable: 'VpcImmutable',
  SubnetInUse: 'SubnetInUse',
  NodeAddressConflict: 'NodeAddressConflict',
  VlanNotFound: 'VlanNotFound',
  VlanIdConflict: 'VlanIdConflict',
  VlanNotReady: 'VlanNotReady',
  ProviderNetworkNotFound: 'ProviderNetworkNotFound',
  VpcNotFound: 'VpcNotFound',
  VpcNotReady: 'VpcNotReady',
  NoGatewayNode: 'NoGatewayNode',
  InvalidGatewayNode: 'InvalidGatewayNode',
  GatewayNodeNotFound: 'GatewayNodeNotFound',
  NoReadyGatewayNode: 'NoReadyGatewayNode',
  InvalidStaticRoutePolicy: 'InvalidStaticRoutePolicy',
  InvalidStaticRouteCidr: 'InvalidStaticRouteCidr',
  InvalidNextHop: 'InvalidNextHop',
  NextHopFamilyMismatch: 'NextHopFamilyMismatch',
  InvalidPolicyRoutePriority: 'InvalidPolicyRoutePriority',
  InvalidPolicyRouteAction: 'InvalidPolicyRouteAction',
  MissingPolicyRouteMatch: 'MissingPolicyRouteMatch',
  InvalidLocalConnectIP: 'InvalidLocalConnectIP',
  MissingRemoteVpc: 'MissingRemoteVpc',
  NameConflictsWithSubnet: 'NameConflictsWithSubnet',
  ExternalSubnetNotFound: 'ExternalSubnetNotFound',
  InvalidBfdPortIP: 'InvalidBfdPortIP',
  VpcHasSubnets: 'VpcHasSubnets',
  VpcReferencedByNat: 'VpcReferencedByNat',
  InvalidVlanId: 'InvalidVlanId',
  MissingProvider: 'MissingProvider',
  ProviderNetworkNameTooLong: 'ProviderNetworkNameTooLong',
  MissingDefaultInterface: 'MissingDefaultInterface',
  InvalidInterfaceName: 'InvalidInterfaceName',
  InvalidVlanInterface: 'InvalidVlanInterface',
  InvalidNodeName: 'InvalidNodeName',
  DuplicateCustomInterfaceNode: 'DuplicateCustomInterfaceNode',
  MissingSubnet: 'MissingSubnet',
  SubnetNotFound: 'SubnetNotFound',
  InvalidIPAddress: 'InvalidIPAddress',
  AddressOutOfRange: 'AddressOutOfRange',
  InvalidMacAddress: 'InvalidMacAddress',
  InvalidPodType: 'InvalidPodType',
  FieldImmutable: 'FieldImmutable',
  MissingIps: 'MissingIps',
  InvalidIPPoolEntry: 'InvalidIPPoolEntry',
  IPPoolConflict: 'IPPoolConflict',
  IPPoolNotFound: 'IPPoolNotFound',
  IPPoolSubnetMismatch: 'IPPoolSubnetMismatch',
  InvalidRate: 'InvalidRate',
  InvalidIpFamily: 'InvalidIpFamily',
  IpFamilyMismatch: 'IpFamilyMismatch',
  InvalidRoutes: 'InvalidRoutes',
  InvalidPortSecurity: 'InvalidPortSecurity',
} as const;

export type ValidationReason = (typeof Reason)[keyof typeof Reason];

/**
 * Reasons that can clear without an edit of the object (a dependency becomes ready, a node comes back): the
 * controller should requeue with back-off rather than treat the object as wrongly written.
 */
export const transientReasons: ReadonlySet<string> = new Set<string>([Reason.VpcNotReady, Reason.VlanNotReady, Reason.NoReadyGatewayNode]);

/** Whether every issue is transient: requeue and retry rather than report the object as wrongly written. */
export function onlyTransient(issues: readonly { readonly reason: string }[]): boolean {
  return issues.length > 0 && issues.every((issue) => transientReasons.has(issue.reason));
}
