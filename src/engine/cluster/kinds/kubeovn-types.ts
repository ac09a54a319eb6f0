import type { KubeObject } from '../types.js';
import type { Condition, NodeCondition } from './conditions.js';

/**
 * The kubeovn.io/v1 kinds with Kube-OVN's field names (pkg/apis/kubeovn/v1). deploy/crds/ holds their schemas;
 * test/unit/cluster-kinds/ checks that every field named here exists in the CRD.
 */

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

// ---- Subnet ----

export type SubnetProtocol = 'IPv4' | 'IPv6' | 'Dual' | 'Mac';
export type GatewayType = 'distributed' | 'centralized';

export interface SubnetAcl {
  direction?: 'from-lport' | 'to-lport';
  priority?: number;
  match?: string;
  action?: 'allow-related' | 'allow-stateless' | 'allow' | 'drop' | 'reject';
}

export interface NatOutgoingPolicyRule {
  match?: { srcIPs?: string; dstIPs?: string };
  action?: 'nat' | 'forward';
}

export interface NatOutgoingPolicyRuleStatus extends NatOutgoingPolicyRule {
  /** First 12 hex characters of sha256(subnet name + index + rule JSON). */
  ruleID?: string;
}

export interface SubnetSpec {
  default?: boolean;
  vpc?: string;
  protocol?: SubnetProtocol;
  namespaces?: string[];
  /** One CIDR, or "v4CIDR,v6CIDR". */
  cidrBlock?: string;
  gateway?: string;
  /** Single IPs or ranges `a..b`. */
  excludeIps?: string[];
  provider?: string;
  gatewayType?: GatewayType | '';
  /** Comma list of nodes, each optionally `node:egressIP`. */
  gatewayNode?: string;
  gatewayNodeSelectors?: LabelSelector[];
  natOutgoing?: boolean;
  externalEgressGateway?: string;
  policyRoutingPriority?: number;
  policyRoutingTableID?: number;
  mtu?: number;
  private?: boolean;
  allowSubnets?: string[];
  /** Name of a Vlan: the subnet is an underlay subnet. */
  vlan?: string;
  vips?: string[];
  logicalGateway?: boolean;
  disableGatewayCheck?: boolean;
  disableInterConnection?: boolean;
  enableDHCP?: boolean;
  dhcpV4Options?: string;
  dhcpV6Options?: string;
  enableIPv6RA?: boolean;
  ipv6RAConfigs?: string;
  allowEWTraffic?: boolean;
  acls?: SubnetAcl[];
  natOutgoingPolicyRules?: NatOutgoingPolicyRule[];
  u2oInterconnection?: boolean;
  u2oInterconnectionIP?: string;
  u2oFeatures?: { overlayOnlyRouting?: boolean };
  enableLb?: boolean;
  enableEcmp?: boolean;
  enableMulticastSnoop?: boolean;
  enableExternalLBAddress?: boolean;
  routeTable?: string;
  namespaceSelectors?: LabelSelector[];
  nodeNetwork?: string;
}

export interface SubnetStatus {
  conditions?: Condition[];
  v4availableIPs?: number;
  v4availableIPrange?: string;
  v4usingIPs?: number;
  v4usingIPrange?: string;
  v6availableIPs?: number;
  v6availableIPrange?: string;
  v6usingIPs?: number;
  v6usingIPrange?: string;
  activateGateway?: string;
  dhcpV4OptionsUUID?: string;
  dhcpV6OptionsUUID?: string;
  u2oInterconnectionIP?: string;
  u2oInterconnectionMAC?: string;
  u2oInterconnectionVPC?: string;
  natOutgoingPolicyRules?: NatOutgoingPolicyRuleStatus[];
  mcastQuerierIP?: string;
  mcastQuerierMAC?: string;
}

export interface Subnet extends KubeObject {
  apiVersion: 'kubeovn.io/v1';
  kind: 'Subnet';
  spec: SubnetSpec;
  status?: SubnetStatus;
}

// ---- Vpc ----

export interface StaticRoute {
  /** policyDst when empty. */
  policy?: 'policySrc' | 'policyDst' | '';
  /** A CIDR or a bare IP. */
  cidr?: string;
  nextHopIP?: string;
  ecmpMode?: string;
  bfdId?: string;
  /** "" is the main table. */
  routeTable?: string;
}

export interface PolicyRoute {
  priority?: number;
  /** An OVN match expression. */
  match?: string;
  action?: 'allow' | 'drop' | 'reroute';
  /** One IP, or comma-separated IPs (ECMP reroute). */
  nextHopIP?: string;
}

export interface VpcPeering {
  remoteVpc?: string;
  /** CIDR form, e.g. `169.254.0.1/30`. */
  localConnectIP?: string;
}

export interface BfdPort {
  enabled?: boolean;
  ip?: string;
  nodeSelector?: LabelSelector;
}

export interface VpcSpec {
  defaultSubnet?: string;
  namespaces?: string[];
  staticRoutes?: StaticRoute[];
  policyRoutes?: PolicyRoute[];
  vpcPeerings?: VpcPeering[];
  enableExternal?: boolean;
  extraExternalSubnets?: string[];
  enableBfd?: boolean;
  bfdPort?: BfdPort;
}

export interface VpcStatus {
  conditions?: Condition[];
  standby?: boolean;
  default?: boolean;
  defaultLogicalSwitch?: string;
  router?: string;
  tcpLoadBalancer?: string;
  udpLoadBalancer?: string;
  sctpLoadBalancer?: string;
  tcpSessionLoadBalancer?: string;
  udpSessionLoadBalancer?: string;
  sctpSessionLoadBalancer?: string;
  subnets?: string[];
  vpcPeerings?: string[];
  enableExternal?: boolean;
  extraExternalSubnets?: string[];
  enableBfd?: boolean;
  bfdPort?: { name?: string; ip?: string; nodes?: string[] };
}

export interface Vpc extends KubeObject {
  apiVersion: 'kubeovn.io/v1';
  kind: 'Vpc';
  spec: VpcSpec;
  status?: VpcStatus;
}

// ---- IP (no status) ----

export interface IPSpec {
  podName?: string;
  namespace?: string;
  subnet?: string;
  attachSubnets?: string[];
  nodeName?: string;
  /** Deprecated "v4,v6". */
  ipAddress?: string;
  v4IpAddress?: string;
  v6IpAddress?: string;
  attachIps?: string[];
  macAddress?: string;
  attachMacs?: string[];
  containerID?: string;
  podType?: '' | 'StatefulSet' | 'VirtualMachine';
}

export interface IP extends KubeObject {
  apiVersion: 'kubeovn.io/v1';
  kind: 'IP';
  spec: IPSpec;
}

// ---- IPPool ----

export interface IPPoolSpec {
  subnet: string;
  namespaces?: string[];
  /** IPs, CIDRs or ranges `a..b`. */
  ips: string[];
  enableAddressSet?: boolean;
}

export interface IPPoolStatus {
  conditions?: Condition[];
  v4AvailableIPs?: number;
  v4AvailableIPRange?: string;
  v4UsingIPs?: number;
  v4UsingIPRange?: string;
  v6AvailableIPs?: number;
  v6AvailableIPRange?: string;
  v6UsingIPs?: number;
  v6UsingIPRange?: string;
}

export interface IPPool extends KubeObject {
  apiVersion: 'kubeovn.io/v1';
  kind: 'IPPool';
  spec: IPPoolSpec;
  status?: IPPoolStatus;
}

// ---- Vlan ----

export interface VlanSpec {
  /** 0..4095; 0 is untagged. */
  id?: number;
  /** ProviderNetwork name. */
  provider: string;
  /** Deprecated, use id. */
  vlanId?: number;
  /** Deprecated, use provider. */
  providerInterfaceName?: string;
}

export interface VlanStatus {
  subnets?: string[];
  conflict?: boolean;
  conditions?: Condition[];
}

export interface Vlan extends KubeObject {
  apiVersion: 'kubeovn.io/v1';
  kind: 'Vlan';
  spec: VlanSpec;
  status?: VlanStatus;
}

// ---- ProviderNetwork ----

export interface CustomInterface {
  interface?: string;
  nodes?: string[];
}

export interface ProviderNetworkSpec {
  defaultInterface: string;
  customInterfaces?: CustomInterface[];
  excludeNodes?: string[];
  nodeSelector?: LabelSelector;
  exchangeLinkName?: boolean;
  autoCreateVlanSubinterfaces?: boolean;
  preserveVlanInterfaces?: boolean;
  /** `<if>.<vlanid>`. */
  vlanInterfaces?: string[];
}

export interface ProviderNetworkStatus {
  ready?: boolean;
  readyNodes?: string[];
  notReadyNodes?: string[];
  vlans?: string[];
  /** One `Ready` condition per node. */
  conditions?: NodeCondition[];
}

export interface ProviderNetwork extends KubeObject {
  apiVersion: 'kubeovn.io/v1';
  kind: 'ProviderNetwork';
  spec: ProviderNetworkSpec;
  status?: ProviderNetworkStatus;
}

// ---- OVN NAT: OvnEip, OvnFip, OvnSnatRule, OvnDnatRule ----

export type OvnEipType = '' | 'lrp' | 'lsp' | 'nat';

export interface OvnEipSpec {
  externalSubnet?: string;
  v4Ip?: string;
  v6Ip?: string;
  macAddress?: string;
  type?: OvnEipType;
}

export interface OvnEipStatus {
  conditions?: Condition[];
  type?: string;
  /** Which NAT kinds use the EIP, comma-separated. */
  nat?: string;
  ready?: boolean;
  v4Ip?: string;
  v6Ip?: string;
  macAddress?: string;
}

export interface OvnEip extends KubeObject {
  apiVersion: 'kubeovn.io/v1';
  kind: 'OvnEip';
  spec: OvnEipSpec;
  status?: OvnEipStatus;
}

interface OvnNatStatus {
  conditions?: Condition[];
  ready?: boolean;
  vpc?: string;
  v4Eip?: string;
  v6Eip?: string;
}

export interface OvnFipSpec {
  ovnEip?: string;
  ipType?: '' | 'ip' | 'vip';
  ipName?: string;
  vpc?: string;
  v4Ip?: string;
  v6Ip?: string;
  type?: '' | 'distributed' | 'centralized';
}

export interface OvnFipStatus extends OvnNatStatus {
  v4Ip?: string;
  v6Ip?: string;
}

export interface OvnFip extends KubeObject {
  apiVersion: 'kubeovn.io/v1';
  kind: 'OvnFip';
  spec: OvnFipSpec;
  status?: OvnFipStatus;
}

export interface OvnSnatRuleSpec {
  ovnEip?: string;
  vpcSubnet?: string;
  ipName?: string;
  vpc?: string;
  v4IpCidr?: string;
  v6IpCidr?: string;
}

export interface OvnSnatRuleStatus extends OvnNatStatus {
  v4IpCidr?: string;
  v6IpCidr?: string;
}

export interface OvnSnatRule extends KubeObject {
  apiVersion: 'kubeovn.io/v1';
  kind: 'OvnSnatRule';
  spec: OvnSnatRuleSpec;
  status?: OvnSnatRuleStatus;
}

export interface OvnDnatRuleSpec {
  ovnEip?: string;
  ipType?: '' | 'ip' | 'vip';
  ipName?: string;
  /** Port numbers are strings in Kube-OVN's API. */
  externalPort?: string;
  internalPort?: string;
  protocol?: '' | 'tcp' | 'udp';
  vpc?: string;
  v4Ip?: string;
  v6Ip?: string;
}

export interface OvnDnatRuleStatus extends OvnNatStatus {
  v4Ip?: string;
  v6Ip?: string;
  externalPort?: string;
  internalPort?: string;
  protocol?: string;
  ipName?: string;
}

export interface OvnDnatRule extends KubeObject {
  apiVersion: 'kubeovn.io/v1';
  kind: 'OvnDnatRule';
  spec: OvnDnatRuleSpec;
  status?: OvnDnatRuleStatus;
}

export type KubeOvnObject = Vpc | Subnet | IP | IPPool | Vlan | ProviderNetwork | OvnEip | OvnFip | OvnSnatRule | OvnDnatRule;

/** Kube-OVN's finalizer on the objects its controller owns. */
export const KUBEOVN_FINALIZER = 'kubeovn.io/kube-ovn-controller';
