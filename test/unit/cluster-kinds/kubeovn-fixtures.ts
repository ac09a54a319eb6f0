import type { IP, IPPool, OvnDnatRule, OvnEip, OvnFip, OvnSnatRule, ProviderNetwork, Subnet, Vlan, Vpc } from '../../../src/engine/cluster/kinds/kubeovn-types.js';

/** One object per kubeovn kind with every spec and status field of kubeovn-types.ts set, valid against the CRDs. */

const at = '2026-01-02T03:04:05Z';
const condition = { type: 'Ready', status: 'True' as const, reason: 'Init', message: 'Not Observed', observedGeneration: 1, lastUpdateTime: at, lastTransitionTime: at };
const selector = { matchLabels: { a: 'b' }, matchExpressions: [{ key: 'k', operator: 'In' as const, values: ['v'] }] };

export const fullSubnet: Subnet = {
  apiVersion: 'kubeovn.io/v1',
  kind: 'Subnet',
  metadata: { name: 'net1' },
  spec: {
    default: false, vpc: 'ovn-cluster', protocol: 'Dual', namespaces: ['ns1'], cidrBlock: '10.0.0.0/24,fd00::/120',
    gateway: '10.0.0.1,fd00::1', excludeIps: ['10.0.0.1', '10.0.0.10..10.0.0.20'], provider: 'ovn', gatewayType: 'centralized',
    gatewayNode: 'n1:172.18.0.2,n2', gatewayNodeSelectors: [selector], natOutgoing: true, externalEgressGateway: '',
    policyRoutingPriority: 100, policyRoutingTableID: 1000, mtu: 1400, private: true, allowSubnets: ['10.1.0.0/16'],
    vlan: 'vlan10', vips: ['10.0.0.100'], logicalGateway: false, disableGatewayCheck: true, disableInterConnection: true,
    enableDHCP: true, dhcpV4Options: 'lease_time=3600', dhcpV6Options: 'server_id=00:00:00:00:00:01', enableIPv6RA: true,
    ipv6RAConfigs: 'address_mode=dhcpv6_stateful', allowEWTraffic: true,
    acls: [{ direction: 'to-lport', priority: 1000, match: 'ip4.src == 10.0.0.2', action: 'drop' }],
    natOutgoingPolicyRules: [{ match: { srcIPs: '10.0.0.0/25', dstIPs: '8.8.8.8' }, action: 'forward' }],
    u2oInterconnection: true, u2oInterconnectionIP: '10.0.0.254', u2oFeatures: { overlayOnlyRouting: true }, enableLb: true,
    enableEcmp: true, enableMulticastSnoop: true, enableExternalLBAddress: false, routeTable: 'rt1',
    namespaceSelectors: [selector], nodeNetwork: 'storage',
  },
  status: {
    conditions: [condition], v4availableIPs: 240, v4availableIPrange: '10.0.0.2-10.0.0.9', v4usingIPs: 3, v4usingIPrange: '10.0.0.21',
    v6availableIPs: 250, v6availableIPrange: 'fd00::2-fd00::ff', v6usingIPs: 3, v6usingIPrange: 'fd00::5', activateGateway: 'n1',
    dhcpV4OptionsUUID: 'u4', dhcpV6OptionsUUID: 'u6', u2oInterconnectionIP: '10.0.0.254', u2oInterconnectionMAC: '00:00:00:00:00:02',
    u2oInterconnectionVPC: 'ovn-cluster', natOutgoingPolicyRules: [{ ruleID: 'abcdef012345', match: { srcIPs: '10.0.0.0/25' }, action: 'nat' }],
    mcastQuerierIP: '10.0.0.253', mcastQuerierMAC: '00:00:00:00:00:03',
  },
};

export const fullVpc: Vpc = {
  apiVersion: 'kubeovn.io/v1',
  kind: 'Vpc',
  metadata: { name: 'vpc1' },
  spec: {
    defaultSubnet: 'net1', namespaces: ['ns1'],
    staticRoutes: [{ policy: 'policySrc', cidr: '10.0.0.0/24', nextHopIP: '10.0.1.1', ecmpMode: 'ecmp_symmetric_reply', bfdId: 'b1', routeTable: 'rt1' }],
    policyRoutes: [{ priority: 31000, match: 'ip4.dst == 1.1.1.1', action: 'reroute', nextHopIP: '10.0.1.1,10.0.1.2' }],
    vpcPeerings: [{ remoteVpc: 'vpc2', localConnectIP: '169.254.0.1/30' }], enableExternal: true, extraExternalSubnets: ['ext2'],
    enableBfd: true, bfdPort: { enabled: true, ip: '10.255.255.255', nodeSelector: selector },
  },
  status: {
    conditions: [condition], standby: true, default: false, defaultLogicalSwitch: 'net1', router: 'vpc1',
    tcpLoadBalancer: 'a', udpLoadBalancer: 'b', sctpLoadBalancer: 'c', tcpSessionLoadBalancer: 'd', udpSessionLoadBalancer: 'e',
    sctpSessionLoadBalancer: 'f', subnets: ['net1'], vpcPeerings: ['vpc2'], enableExternal: true, extraExternalSubnets: ['ext2'],
    enableBfd: true, bfdPort: { name: 'bfd@vpc1', ip: '10.255.255.255', nodes: ['n1'] },
  },
};

export const fullIP: IP = {
  apiVersion: 'kubeovn.io/v1',
  kind: 'IP',
  metadata: { name: 'web-0.ns1' },
  spec: {
    podName: 'web-0', namespace: 'ns1', subnet: 'net1', attachSubnets: [], nodeName: 'n1', ipAddress: '10.0.0.5,fd00::5',
    v4IpAddress: '10.0.0.5', v6IpAddress: 'fd00::5', attachIps: [], macAddress: '00:00:00:aa:bb:cc', attachMacs: [],
    containerID: 'abc', podType: 'StatefulSet',
  },
};

export const fullIPPool: IPPool = {
  apiVersion: 'kubeovn.io/v1',
  kind: 'IPPool',
  metadata: { name: 'pool1' },
  spec: { subnet: 'net1', namespaces: ['ns1'], ips: ['10.0.0.30..10.0.0.40', '10.0.0.64/28', 'fd00::30'], enableAddressSet: true },
  status: {
    conditions: [condition], v4AvailableIPs: 20, v4AvailableIPRange: '10.0.0.30-10.0.0.40', v4UsingIPs: 0, v4UsingIPRange: '',
    v6AvailableIPs: 1, v6AvailableIPRange: 'fd00::30', v6UsingIPs: 0, v6UsingIPRange: '',
  },
};

export const fullVlan: Vlan = {
  apiVersion: 'kubeovn.io/v1',
  kind: 'Vlan',
  metadata: { name: 'vlan10' },
  spec: { id: 10, provider: 'physnet', vlanId: 10, providerInterfaceName: 'eth1' },
  status: { subnets: ['net1'], conflict: false, conditions: [condition] },
};

export const fullProviderNetwork: ProviderNetwork = {
  apiVersion: 'kubeovn.io/v1',
  kind: 'ProviderNetwork',
  metadata: { name: 'physnet' },
  spec: {
    defaultInterface: 'eth1', customInterfaces: [{ interface: 'bond0', nodes: ['n2'] }], excludeNodes: ['n3'], nodeSelector: selector,
    exchangeLinkName: true, autoCreateVlanSubinterfaces: true, preserveVlanInterfaces: true, vlanInterfaces: ['eth1.10'],
  },
  status: { ready: true, readyNodes: ['n1'], notReadyNodes: ['n2'], vlans: ['vlan10'], conditions: [{ ...condition, node: 'n1' }] },
};

export const fullOvnEip: OvnEip = {
  apiVersion: 'kubeovn.io/v1',
  kind: 'OvnEip',
  metadata: { name: 'eip1' },
  spec: { externalSubnet: 'external', v4Ip: '172.20.0.10', v6Ip: '', macAddress: '00:00:00:00:00:10', type: 'nat' },
  status: { conditions: [condition], type: 'nat', nat: 'fip', ready: true, v4Ip: '172.20.0.10', v6Ip: '', macAddress: '00:00:00:00:00:10' },
};

export const fullOvnFip: OvnFip = {
  apiVersion: 'kubeovn.io/v1',
  kind: 'OvnFip',
  metadata: { name: 'fip1' },
  spec: { ovnEip: 'eip1', ipType: 'ip', ipName: 'web-0.ns1', vpc: 'vpc1', v4Ip: '10.0.0.5', v6Ip: '', type: 'distributed' },
  status: { conditions: [condition], ready: true, vpc: 'vpc1', v4Eip: '172.20.0.10', v6Eip: '', v4Ip: '10.0.0.5', v6Ip: '' },
};

export const fullOvnSnatRule: OvnSnatRule = {
  apiVersion: 'kubeovn.io/v1',
  kind: 'OvnSnatRule',
  metadata: { name: 'snat1' },
  spec: { ovnEip: 'eip1', vpcSubnet: 'net1', ipName: '', vpc: 'vpc1', v4IpCidr: '10.0.0.0/24', v6IpCidr: '' },
  status: { conditions: [condition], ready: true, vpc: 'vpc1', v4Eip: '172.20.0.10', v6Eip: '', v4IpCidr: '10.0.0.0/24', v6IpCidr: '' },
};

export const fullOvnDnatRule: OvnDnatRule = {
  apiVersion: 'kubeovn.io/v1',
  kind: 'OvnDnatRule',
  metadata: { name: 'dnat1' },
  spec: { ovnEip: 'eip1', ipType: 'ip', ipName: 'web-0.ns1', externalPort: '8080', internalPort: '80', protocol: 'tcp', vpc: 'vpc1', v4Ip: '10.0.0.5', v6Ip: '' },
  status: {
    conditions: [condition], ready: true, vpc: 'vpc1', v4Eip: '172.20.0.10', v6Eip: '', v4Ip: '10.0.0.5', v6Ip: '',
    externalPort: '8080', internalPort: '80', protocol: 'tcp', ipName: 'web-0.ns1',
  },
};

export const fullKubeOvnObjects = [
  fullSubnet, fullVpc, fullIP, fullIPPool, fullVlan, fullProviderNetwork, fullOvnEip, fullOvnFip, fullOvnSnatRule, fullOvnDnatRule,
];
