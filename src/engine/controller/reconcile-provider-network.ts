import type { ProviderNetwork, ProviderNetworkStatus } from '../cluster/kinds/kubeovn-types.js';
import type { ControllerContext } from './controller-context.js';
import type { NodeCondition } from '../cluster/kinds/conditions.js';
import { selectorMatches } from './validation/label-selector-match.js';
import { validateProviderNetwork } from './validation/provider-network-rules.js';
import { vlanProvider } from './validation/vlan-rules.js';
import { writeStatus } from './object-writes.js';

/** The node label the agent sets once the provider bridge is up on that node (Kube-OVN's). */
export function providerReadyLabel(provider: string): string {
  return `${provider}.provider-network.kubernetes.io/ready`;
}

/**
 * ProviderNetwork → status: the Vlans on it (the "vlan is set up" signal subnets wait for), and which nodes
 * have the bridge ready (from the agent's node label), nodes left out by `excludeNodes` or `nodeSelector` not
 * counted. Invalid specs get a Warning. The per-node `Ready` conditions are the agents' (each writes its own);
 * the controller only drops those of nodes that no longer take part (deleted, excluded, not selected).
 */
export async function reconcileProviderNetwork(ctx: ControllerContext, name: string): Promise<void> {
  const pn = ctx.caches.providerNetworks.get(name);
  for (const v of ctx.caches.vlans.list()) if (vlanProvider(v) === name) ctx.enqueue.vlan(v.metadata.name);
  if (!pn) return;
  const issues = validateProviderNetwork(pn);
  if (issues.length > 0) {
    await ctx.event(pn, 'Warning', issues[0].reason, issues.map((i) => i.message).join('; '));
    return;
  }
  const excluded = new Set(pn.spec.excludeNodes ?? []);
  const selector = pn.spec.nodeSelector;
  const nodes = ctx.caches.nodes
    .list()
    .filter((n) => !excluded.has(n.metadata.name) && (!selector || selectorMatches(selector, n.metadata.labels ?? {})));
  const takingPart = new Set(nodes.map((n) => n.metadata.name));
  const ready = nodes.filter((n) => n.metadata.labels?.[providerReadyLabel(name)] === 'true').map((n) => n.metadata.name).sort();
  const notReady = nodes.map((n) => n.metadata.name).filter((n) => !ready.includes(n)).sort();
  const vlans = ctx.caches.vlans.list().filter((v) => vlanProvider(v) === name).map((v) => v.metadata.name).sort();
  await writeStatus<ProviderNetwork>(ctx.api, 'ProviderNetwork', name, undefined, (raw) => {
    const status = raw as ProviderNetworkStatus;
    status.vlans = vlans;
    status.readyNodes = ready;
    status.notReadyNodes = notReady;
    status.ready = notReady.length === 0 && ready.length > 0;
    const conditions = (status.conditions ?? []) as NodeCondition[];
    if (conditions.some((c) => c.node && !takingPart.has(c.node))) status.conditions = conditions.filter((c) => !c.node || takingPart.has(c.node));
    return status as Record<string, unknown>;
  });
}
