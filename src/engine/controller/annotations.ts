/**
 * Kube-OVN's annotation keys for the primary network (provider `ovn`), read from users and written by the
 * controller; the agent reads the same keys at CNI ADD.
 */
export const ANN = {
  allocated: 'ovn.kubernetes.io/allocated',
  routed: 'ovn.kubernetes.io/routed',
  ipAddress: 'ovn.kubernetes.io/ip_address',
  macAddress: 'ovn.kubernetes.io/mac_address',
  cidr: 'ovn.kubernetes.io/cidr',
  gateway: 'ovn.kubernetes.io/gateway',
  logicalSwitch: 'ovn.kubernetes.io/logical_switch',
  logicalRouter: 'ovn.kubernetes.io/logical_router',
  ipPool: 'ovn.kubernetes.io/ip_pool',
  ipFamily: 'ovn.kubernetes.io/ip_family',
  portSecurity: 'ovn.kubernetes.io/port_security',
  vlanId: 'ovn.kubernetes.io/vlan_id',
  providerNetwork: 'ovn.kubernetes.io/provider_network',
  podNicType: 'ovn.kubernetes.io/pod_nic_type',
  portName: 'ovn.kubernetes.io/port_name',
  chassis: 'ovn.kubernetes.io/chassis',
  excludeIps: 'ovn.kubernetes.io/exclude_ips',
} as const;

/** Labels kovn puts on IP objects (as Kube-OVN). */
export const IP_LABEL = {
  subnet: 'ovn.kubernetes.io/subnet',
  nodeName: 'ovn.kubernetes.io/node-name',
  reserved: 'ovn.kubernetes.io/ip_reserved',
} as const;
