import { createHash } from 'node:crypto';
import { resolve } from 'node:path';

/** Every network namespace a lab creates starts with this, so `kovn lab down` and tests can find leftovers. */
export const NETNS_PREFIX = 'kovn-';

/**
 * A short id derived from the state directory: several labs live side by side, and the global names they create
 * (network namespaces) must not collide. Everything else (links, addresses) lives inside the lab's namespaces.
 */
export function labIdOf(stateDir: string): string {
  return createHash('sha256').update(resolve(stateDir)).digest('hex').slice(0, 6);
}

/** The names of one lab's namespaces and of the links that cross between them. */
export function labNames(stateDir: string) {
  const id = labIdOf(stateDir);
  const ns = (suffix: string) => `${NETNS_PREFIX}${id}-${suffix}`;
  return {
    id,
    /** Prefix of every namespace of this lab (`kovn lab down` deletes them all). */
    netnsPrefix: `${NETNS_PREFIX}${id}-`,
    fabricNetns: ns('fab'),
    externalNetns: ns('ext'),
    nodeNetns: (index: number) => ns(`n${index}`),
    /** A pod's namespace: pod names are DNS labels, so `<namespace>.<name>` is unambiguous. */
    podNetns: (namespace: string, name: string) => ns(`pod-${namespace}.${name}`),
  };
}

export type LabNames = ReturnType<typeof labNames>;

/** Fixed names inside the lab's namespaces (each node has its own namespace, so they never collide). */
export const LINK = {
  fabricBridge: 'fabric',
  /** A node's uplink to the fabric (a port of br-fabric). */
  nodeUplink: 'eth0',
  /** A node's second "physical" interface, trunked to the external switch. */
  nodeProvider: 'eth1',
  /** OVS bridge holding the uplink; its internal port carries the node IP (the tunnel endpoint). */
  tunnelBridge: 'br-fabric',
  integrationBridge: 'br-int',
  externalBridge: 'extbr',
  externalVlan100: 'ext100',
  externalUntagged: 'ext0',
  fabricPeer: (node: number) => `fab-n${node}`,
  externalPeer: (node: number) => `ext-n${node}`,
} as const;

/** The lab's addresses (inside its own namespaces, so every lab can use the same ones). */
export const LAB_ADDRESS = {
  fabricPrefixLength: 24,
  fabricHost: '172.31.0.254',
  nodeIp: (node: number) => `172.31.0.${node}`,
  vlan100Host: '10.100.0.254/24',
  untaggedHost: '10.1.0.254/24',
} as const;

export const MAX_LAB_NODES = 200;
export const nodeName = (index: number) => `node${index}`;
