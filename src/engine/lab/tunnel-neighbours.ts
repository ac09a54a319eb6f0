import { runCommand } from '../proc/run-command.js';
import { LINK } from './lab-naming.js';
import { execIn, ipIn } from './netns/ip-command.js';

export interface TunnelEndpoint {
  readonly netns: string;
  readonly ip: string;
  readonly unixctlPath: string;
}

/**
 * OVS native tunnelling learns a peer's MAC only from ARP replies to its own br-fabric address, and drops the
 * packet that triggered its own ARP (recipe pitfall 3). One ping per ordered pair teaches every node every peer.
 * SEQUENTIALLY, and with the kernel's entry deleted first: a kernel that saw the peer's ARP request holds a STALE
 * entry and would not ARP again, so OVS would never see a reply.
 */
export async function seedTunnelNeighbours(nodes: readonly TunnelEndpoint[]): Promise<void> {
  for (const a of nodes) {
    for (const b of nodes) {
      if (a === b) continue;
      await ipIn(a.netns, 'neigh', 'del', b.ip, 'dev', LINK.tunnelBridge).catch(() => undefined);
      await execIn(a.netns, ['ping', '-c1', '-W1', b.ip]).catch(() => undefined);
    }
  }
}

/** The peers a node's vswitchd holds in its tunnel neighbour cache. */
export async function tunnelNeighbours(node: TunnelEndpoint): Promise<string[]> {
  const { stdout } = await runCommand(['ovs-appctl', '-t', node.unixctlPath, 'tnl/neigh/show'], { timeoutMs: 10_000 });
  return stdout.split('\n').map((l) => l.split(/\s+/)[0]).filter((ip) => /^\d+\.\d+\.\d+\.\d+$/.test(ip));
}

/** Seeds, checks every node knows every peer, and seeds again (up to a few rounds) when one is missing. */
export async function ensureTunnelNeighbours(nodes: readonly TunnelEndpoint[], rounds = 3): Promise<void> {
  for (let round = 1; ; round++) {
    await seedTunnelNeighbours(nodes);
    const missing: string[] = [];
    for (const a of nodes) {
      const known = new Set(await tunnelNeighbours(a));
      for (const b of nodes) if (a !== b && !known.has(b.ip)) missing.push(`${a.ip}→${b.ip}`);
    }
    if (missing.length === 0) return;
    if (round >= rounds) throw new Error(`tunnel neighbour caches incomplete after ${rounds} rounds: ${missing.join(', ')}`);
  }
}
