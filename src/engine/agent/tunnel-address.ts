import type { KubeObject } from '../cluster/types.js';
import type { AddrInfo } from './link-state.js';
import { nodeLink } from './link-state.js';
import type { NodeAgentOptions } from './node-agent-options.js';

export const ANN_TUNNEL_INTERFACE = 'ovn.kubernetes.io/tunnel_interface';

/** The tunnel endpoint among an interface's addresses: not /32 or /128, not link-local, not loopback (pure). */
export function pickTunnelAddress(addrs: readonly AddrInfo[]): string | undefined {
  const usable = addrs.filter(
    (a) => a.scope !== 'link' && a.scope !== 'host' && !(a.family === 'inet' && a.prefixlen === 32) && !(a.family === 'inet6' && a.prefixlen === 128),
  );
  return (usable.find((a) => a.family === 'inet') ?? usable[0])?.local;
}

/** Explicit encapIp, else the address of the tunnel interface (node annotation > option). */
export async function resolveEncapIp(options: NodeAgentOptions): Promise<string> {
  if (options.encapIp) return options.encapIp;
  const node = await options.cluster.get<KubeObject>('Node', options.nodeName);
  const iface = node?.metadata.annotations?.[ANN_TUNNEL_INTERFACE] || options.tunnelInterface;
  if (!iface) {
    // Kube-OVN's fallback: the node's InternalIP.
    const internal = (node?.status as { addresses?: { type: string; address: string }[] } | undefined)?.addresses?.find((a) => a.type === 'InternalIP')?.address;
    if (internal) return internal;
    throw new Error(`node ${options.nodeName}: no tunnel endpoint: set encapIp, tunnelInterface, the node annotation ${ANN_TUNNEL_INTERFACE}, or the Node's InternalIP`);
  }
  const link = await nodeLink(options.netns, iface);
  if (!link) throw new Error(`node ${options.nodeName}: tunnel interface "${iface}" does not exist${options.netns ? ` in netns ${options.netns}` : ''}`);
  const ip = pickTunnelAddress(link.addr_info ?? []);
  if (!ip) throw new Error(`node ${options.nodeName}: tunnel interface "${iface}" has no usable address (not /32, not link-local)`);
  return ip;
}
