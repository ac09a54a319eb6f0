import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { KubeObject } from '../cluster/types.js';
import type { AgentContext } from './agent-context.js';
import { removePodPlumbing } from './cni-add.js';
import { VENDOR } from './node-agent-options.js';
import { listInterfaces, type OvsInterfaceRow } from './ovs-ports.js';

/** Why a kovn pod port is stale, or undefined when its pod still wants it (pure). */
export function stalePortReason(row: OvsInterfaceRow, pod: KubeObject | undefined, nodeName: string, netnsExists: boolean): string | undefined {
  const ids = row.externalIds;
  if (!pod) return `pod ${ids.pod_namespace}/${ids.pod_name} no longer exists`;
  const podNode = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
  if (podNode && podNode !== nodeName) return `pod ${ids.pod_namespace}/${ids.pod_name} now runs on node ${podNode}`;
  if (!netnsExists) return `network namespace ${ids.pod_netns} is gone`;
  return undefined;
}

/**
 * Whether a pod's network namespace is known to be gone. A path under a directory this process cannot see (an
 * agent container without the host's /var/run/netns mounted) counts as present: GC must not remove every port.
 */
export function netnsGone(path: string | undefined, exists: (p: string) => boolean = existsSync): boolean {
  if (!path) return false;
  if (exists(path)) return false;
  return path.startsWith('/proc/') || exists(dirname(path));
}

/** Removes OVS ports (vendor=kovn, with a pod) whose pod or netns is gone, with their veths. Returns the names. */
export async function collectStalePorts(ctx: AgentContext): Promise<string[]> {
  const removed: string[] = [];
  for (const row of await listInterfaces(ctx.ovs)) {
    const ids = row.externalIds;
    if (ids.vendor !== VENDOR || !ids.pod_name || !ids.pod_namespace || ctx.busy.has(row.name)) continue;
    const pod = await ctx.options.cluster.get<KubeObject>('Pod', ids.pod_name, ids.pod_namespace);
    const reason = stalePortReason(row, pod, ctx.options.nodeName, !netnsGone(ids.pod_netns));
    if (!reason || ctx.busy.has(row.name)) continue;
    await removePodPlumbing(ctx, row.name);
    ctx.tuning.log(`node ${ctx.options.nodeName}: removed stale port ${row.name}: ${reason}`);
    removed.push(row.name);
  }
  return removed;
}
