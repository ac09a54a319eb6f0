/**
 * OVN Northbound names kovn uses, following Kube-OVN so `ovn-nbctl show` reads the same.
 * Port-group and address-set names go into OVN match expressions (`$as`, `@pg`), whose syntax forbids '-':
 * every '-' in them becomes '.' ("dotted").
 */

export const DEFAULT_VPC = 'ovn-cluster';
export const DEFAULT_SUBNET = 'ovn-default';
export const JOIN_SUBNET = 'join';
export const VENDOR = 'kovn';

export function dotted(name: string): string {
  return name.replaceAll('-', '.');
}

/** Logical router port of a subnet on its VPC router: `<vpc>-<subnet>`. */
export function routerPortName(vpc: string, subnet: string): string {
  return `${vpc}-${subnet}`;
}

/** The switch-side peer of the router port: `<subnet>-<vpc>`. */
export function routerPeerPortName(vpc: string, subnet: string): string {
  return `${subnet}-${vpc}`;
}

/** A pod's switch port (and IP object name): `<pod>.<namespace>`. */
export function podPortName(pod: string, namespace: string): string {
  return `${pod}.${namespace}`;
}

/** A node's port on the join switch (its `ovn0`): `node-<node>`. */
export function nodePortName(node: string): string {
  return `node-${node}`;
}

/** The localnet port of an underlay subnet: `localnet.<subnet>`. */
export function localnetPortName(subnet: string): string {
  return `localnet.${subnet}`;
}

/**
 * Port group of a node's pods on distributed-gateway subnets: `node.<node>` (dotted). OVN derives the address
 * sets `<pg>_ip4` / `<pg>_ip6` from its members' addresses, which the node's reroute policy matches.
 */
export function nodePortGroupName(node: string): string {
  return `node.${dotted(node)}`;
}

/** Address set of every CIDR inside a VPC, for the one east-west "allow" policy: `<vpc>.subnets.ip4`. */
export function vpcSubnetsAddressSetName(vpc: string, family: 4 | 6): string {
  return `${dotted(vpc)}.subnets.ip${family}`;
}

/** Address set of the node InternalIPs an interconnected (U2O) underlay subnet reaches through the physical gateway. */
export function u2oExcludeAddressSetName(subnet: string, family: 4 | 6): string {
  return `${dotted(subnet)}.u2o_exclude_ip.ip${family}`;
}
