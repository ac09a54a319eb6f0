/**
 * Publishing the provider pass: node labels (`<pn>.provider-network.kubernetes.io/ready|interface|mtu`, which
 * the controller turns into readyNodes/notReadyNodes and the CNI reads for the pod MTU) and this node's `Ready`
 * condition in the ProviderNetwork's `status.conditions` (Kube-OVN's shape: one per node, with a `node` field).
 */
import type { ProviderNetwork, ProviderNetworkStatus } from '../cluster/kinds/kubeovn-types.js';
import { setCondition, type NodeCondition } from '../cluster/kinds/conditions.js';
import type { KubeObject } from '../cluster/types.js';
import { writeStatus } from '../controller/object-writes.js';
import type { AgentContext } from './agent-context.js';
import { AGENT_SOURCE } from './node-agent-options.js';
import { PROVIDER_REASON, type ProviderOutcome } from './provider-bridges.js';
import { providerLabelKeys } from './provider-selection.js';

const PROVIDER_LABEL = /^(.+)\.provider-network\.kubernetes\.io\/(ready|interface|mtu)$/;

/**
 * The label changes (null removes) that make the node's provider labels match the outcomes: ready providers get
 * all three, every other provider label (failed, excluded, provider gone) is removed. Empty when nothing changes. Pure.
 */
export function providerLabelPatch(outcomes: readonly ProviderOutcome[], labels: Readonly<Record<string, string>>): Record<string, string | null> {
  const wanted: Record<string, string> = {};
  for (const o of outcomes) {
    if (o.state !== 'ready') continue;
    const keys = providerLabelKeys(o.provider);
    Object.assign(wanted, { [keys.ready]: 'true', [keys.interface]: o.nic, [keys.mtu]: String(o.mtu) });
  }
  const patch: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(wanted)) if (labels[key] !== value) patch[key] = value;
  for (const key of Object.keys(labels)) if (PROVIDER_LABEL.test(key) && !(key in wanted)) patch[key] = null;
  return patch;
}

/** This node's conditions in the ProviderNetwork after the outcome (excluded: its condition removed). Pure. */
export function nodeConditionsAfter(conditions: readonly NodeCondition[] | undefined, nodeName: string, outcome: ProviderOutcome, now = new Date()): NodeCondition[] {
  const list = conditions ?? [];
  if (outcome.state === 'excluded') return list.some((c) => c.node === nodeName) ? list.filter((c) => c.node !== nodeName) : [...list];
  const update =
    outcome.state === 'ready'
      ? { node: nodeName, type: 'Ready', status: 'True' as const, reason: PROVIDER_REASON.ready, message: `bridge ${outcome.bridge} on ${outcome.nic}, MTU ${outcome.mtu}` }
      : { node: nodeName, type: 'Ready', status: 'False' as const, reason: outcome.reason, message: outcome.message };
  return setCondition<NodeCondition>(list, update, now);
}

/** Writes labels and conditions that differ from what the caches hold (no write on a quiet pass). */
export async function publishProviderOutcomes(
  ctx: AgentContext,
  outcomes: readonly ProviderOutcome[],
  node: KubeObject | undefined,
  providerNetworks: readonly ProviderNetwork[],
): Promise<void> {
  const nodeName = ctx.options.nodeName;
  const labels = providerLabelPatch(outcomes, node?.metadata.labels ?? {});
  if (Object.keys(labels).length) await ctx.options.cluster.patch('Node', nodeName, { metadata: { labels } });
  for (const outcome of outcomes) {
    const cached = providerNetworks.find((p) => p.metadata.name === outcome.provider);
    if (!cached || cached.metadata.deletionTimestamp) continue;
    const before = cached.status?.conditions ?? [];
    const after = nodeConditionsAfter(before, nodeName, outcome);
    if (after === before || sameConditions(before, after)) continue;
    await writeStatus<ProviderNetwork>(ctx.options.cluster, 'ProviderNetwork', outcome.provider, undefined, (raw) => {
      const status = raw as ProviderNetworkStatus;
      status.conditions = nodeConditionsAfter(status.conditions, nodeName, outcome);
      return status as Record<string, unknown>;
    });
    // As Kube-OVN: a Warning on the ProviderNetwork when a node's bridge setup fails (once per new message).
    if (outcome.state === 'failed') await recordProviderEvent(ctx, cached, outcome.reason, `node ${nodeName}: ${outcome.message}`);
  }
}

async function recordProviderEvent(ctx: AgentContext, pn: ProviderNetwork, reason: string, message: string): Promise<void> {
  try {
    await ctx.options.cluster.recordEvent({
      involved: { kind: 'ProviderNetwork', name: pn.metadata.name, ...(pn.metadata.uid ? { uid: pn.metadata.uid } : {}) },
      type: 'Warning',
      reason,
      message,
      source: AGENT_SOURCE,
    });
  } catch (error) {
    ctx.tuning.log(`event ${reason} for provider network ${pn.metadata.name} not recorded: ${(error as Error).message}`);
  }
}

function sameConditions(a: readonly NodeCondition[], b: readonly NodeCondition[]): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}
