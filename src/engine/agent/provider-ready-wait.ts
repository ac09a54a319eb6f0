import { setTimeout as sleep } from 'node:timers/promises';
import type { KubeObject } from '../cluster/types.js';
import type { AgentContext } from './agent-context.js';
import { providerLabelKeys } from './provider-selection.js';

export type ProviderReadyWait = { node: KubeObject | undefined; ready: true } | { node: KubeObject | undefined; ready: false };

/**
 * An underlay pod needs its provider's bridge on this node (no bridge mapping: ovn-controller cannot reach the
 * physical network) and takes its MTU from the node's `…/mtu` label, so CNI ADD waits until the agent has
 * labelled the node ready for that provider (a pod and its ProviderNetwork are often created together).
 */
export async function waitForProviderReady(ctx: AgentContext, provider: string, timeoutMs: number): Promise<ProviderReadyWait> {
  const key = providerLabelKeys(provider).ready;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const node = await ctx.options.cluster.get<KubeObject>('Node', ctx.options.nodeName);
    if (node?.metadata.labels?.[key] === 'true') return { node, ready: true };
    if (Date.now() > deadline || ctx.stopping()) return { node, ready: false };
    await sleep(200);
  }
}
