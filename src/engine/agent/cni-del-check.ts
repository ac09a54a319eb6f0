import { ANN } from '../controller/annotations.js';
import type { KubeObject } from '../cluster/types.js';
import { CNI_ERROR, type AgentRequest } from '../../cni/protocol.js';
import type { AgentContext } from './agent-context.js';
import { AgentCniError } from './agent-cni-error.js';
import { recordEvent, removePodPlumbing } from './cni-add.js';
import { nodeLink, podLink } from './link-state.js';
import { listInterfaces, type OvsInterfaceRow } from './ovs-ports.js';
import { vethNames } from './veth-names.js';

/** The OVS interfaces this request's sandbox owns: by container id, or by the pod's veth name. */
function ownedBy(req: AgentRequest, rows: readonly OvsInterfaceRow[], hostName: string | undefined): OvsInterfaceRow[] {
  return rows.filter((row) => {
    const ids = row.externalIds;
    if (ids.container_id) return ids.container_id === req.containerId && (ids.ifname ?? req.ifName) === req.ifName;
    return row.name === hostName;
  });
}

/**
 * CNI DEL: removes the pod interface's OVS port and veth. Idempotent: a missing pod, port, veth or namespace is
 * success. A DEL for an older sandbox of the same pod leaves the current sandbox's port alone (container ids
 * differ).
 */
export async function cniDel(ctx: AgentContext, req: AgentRequest): Promise<void> {
  const hostName = req.podName && req.podNamespace ? vethNames(ctx.options.hostVethPrefix ?? '', req.podNamespace, req.podName, req.ifName).host : undefined;
  const rows = await listInterfaces(ctx.ovs);
  const owned = ownedBy(req, rows, hostName);
  const names = new Set(owned.map((r) => r.name));
  // A veth left without its OVS row (ADD failed midway, or the row was removed by hand) goes too.
  if (hostName && !rows.some((r) => r.name === hostName)) names.add(hostName);
  for (const name of names) {
    ctx.busy.add(name);
    try {
      await removePodPlumbing(ctx, name);
    } finally {
      ctx.busy.delete(name);
    }
  }
  if (owned.length && req.podName && req.podNamespace) {
    const pod = await ctx.options.cluster.get<KubeObject>('Pod', req.podName, req.podNamespace).catch(() => undefined);
    if (pod) await recordEvent(ctx, pod, 'Normal', 'PodNetworkRemoved', `removed ${[...names].join(', ')} from node ${ctx.options.nodeName}`);
  }
}

/** CNI CHECK: the port is installed and the pod interface has the allocated MAC and addresses. */
export async function cniCheck(ctx: AgentContext, req: AgentRequest): Promise<void> {
  const key = `${req.podNamespace}/${req.podName}`;
  const fail = (msg: string) => new AgentCniError(CNI_ERROR.checkFailed, `pod ${key}: ${msg}`);
  const { host } = vethNames(ctx.options.hostVethPrefix ?? '', req.podNamespace, req.podName, req.ifName);
  const row = (await listInterfaces(ctx.ovs)).find((r) => r.name === host);
  if (!row) throw fail(`OVS port ${host} is missing`);
  if (row.externalIds.container_id && row.externalIds.container_id !== req.containerId) throw fail(`OVS port ${host} belongs to container ${row.externalIds.container_id}`);
  if (row.externalIds['ovn-installed'] !== 'true') throw fail(`OVS port ${host} is not ovn-installed`);
  if (!(await nodeLink(ctx.options.netns, host))) throw fail(`host veth ${host} is missing`);
  const link = await podLink(req.netns, req.ifName);
  if (!link) throw fail(`interface ${req.ifName} is missing in ${req.netns}`);
  const pod = await ctx.options.cluster.get<KubeObject>('Pod', req.podName, req.podNamespace);
  const a = pod?.metadata.annotations ?? {};
  const mac = a[ANN.macAddress]?.toLowerCase();
  if (mac && link.address?.toLowerCase() !== mac) throw fail(`${req.ifName} has MAC ${link.address}, allocated ${mac}`);
  const have = new Set((link.addr_info ?? []).map((x) => x.local));
  for (const ip of (a[ANN.ipAddress] ?? '').split(',').filter(Boolean)) {
    if (!have.has(ip.split('/')[0]!)) throw fail(`${req.ifName} lacks the allocated address ${ip}`);
  }
}
