/**
 * One level-triggered pass over the node's provider networks (Kube-OVN §8.3): for each ProviderNetwork that
 * selects this node, `br-<provider>` with the NIC attached, the NIC's addresses and routes on the bridge, both
 * links up and `<provider>:br-<provider>` in `ovn-bridge-mappings`; for every kovn bridge no ProviderNetwork wants
 * here any more (deleted, node excluded, no longer selected), the reverse. A repeat pass changes nothing.
 */
import type { ProviderNetwork } from '../cluster/kinds/kubeovn-types.js';
import type { KubeObject } from '../cluster/types.js';
import { validateProviderNetwork } from '../controller/validation/provider-network-rules.js';
import type { AgentContext } from './agent-context.js';
import { ipArgv, run } from './kernel-commands.js';
import { nodeLink } from './link-state.js';
import { applyHostNetworking, captureHostNetworking, moveHostNetworking, waitForLink, waitForLinkGone } from './provider-host-networking.js';
import { deleteProviderBridge, ensureProviderBridge, listProviderBridges, syncBridgeMappings, type ProviderBridgeRow } from './provider-ovs.js';
import { providerAssignment, providerBridgeName } from './provider-selection.js';

/** What the pass made of one ProviderNetwork on this node. */
export type ProviderOutcome =
  | { readonly provider: string; readonly state: 'ready'; readonly bridge: string; readonly nic: string; readonly mtu: number }
  | { readonly provider: string; readonly state: 'failed'; readonly nic: string; readonly reason: string; readonly message: string }
  | { readonly provider: string; readonly state: 'excluded'; readonly why: string };

export const PROVIDER_REASON = {
  ready: 'InitOVSBridgeSucceeded',
  failed: 'InitOVSBridgeFailed',
  invalid: 'InvalidProviderNetwork',
} as const;

const LINK_TIMEOUT_MS = 10_000;

/** Runs the pass; per-provider failures become outcomes (one bad NIC must not keep the other providers away). */
export async function reconcileProviderBridges(ctx: AgentContext, providerNetworks: readonly ProviderNetwork[], node: KubeObject | undefined): Promise<ProviderOutcome[]> {
  const nodeName = ctx.options.nodeName;
  const nodeObject = node ?? { metadata: { name: nodeName } };
  const outcomes: ProviderOutcome[] = [];
  const wanted = new Map<string, { pn: ProviderNetwork; nic: string }>();
  // An invalid spec (e.g. a name whose bridge would not fit 15 bytes) is reported and its bridge, if any, kept.
  const keep = new Set<string>();
  for (const pn of providerNetworks) {
    const provider = pn.metadata.name;
    const issues = validateProviderNetwork(pn);
    if (issues.length) {
      keep.add(provider);
      outcomes.push({ provider, state: 'failed', nic: '', reason: PROVIDER_REASON.invalid, message: issues.map((i) => i.message).join('; ') });
      continue;
    }
    const assignment = providerAssignment(pn, nodeObject);
    if (assignment.selected) wanted.set(provider, { pn, nic: assignment.nic });
    else outcomes.push({ provider, state: 'excluded', why: assignment.why });
  }

  const existing = await listProviderBridges(ctx.ovs);
  const mapped = new Map<string, string>();
  const failed = (provider: string, nic: string, error: unknown) =>
    outcomes.push({ provider, state: 'failed', nic, reason: PROVIDER_REASON.failed, message: (error as Error).message });
  for (const bridge of existing) {
    if (keep.has(bridge.provider)) continue;
    const want = wanted.get(bridge.provider);
    try {
      if (want && bridge.name === providerBridgeName(bridge.provider)) {
        if (want.nic === bridge.nic || !bridge.nic) continue;
        // A NIC swap to a NIC that is not there would strand the node: the old NIC keeps the bridge (and the
        // node its addresses) until the new one exists.
        if (!(await nodeLink(ctx.options.netns, want.nic))) {
          keep.add(bridge.provider);
          mapped.set(bridge.provider, bridge.name);
          wanted.delete(bridge.provider);
          failed(bridge.provider, want.nic, new Error(`interface ${want.nic} does not exist on node ${nodeName}; ${bridge.name} stays on ${bridge.nic}`));
          continue;
        }
        await restoreNic(ctx, bridge.name, bridge.nic);
        continue;
      }
      await removeProviderBridge(ctx, bridge);
    } catch (error) {
      // One bridge that cannot be changed must not keep the other providers (or the mappings) away.
      keep.add(bridge.provider);
      wanted.delete(bridge.provider);
      failed(bridge.provider, bridge.nic, error);
    }
  }

  for (const [provider, { nic }] of wanted) {
    const bridge = providerBridgeName(provider);
    try {
      const mtu = await ensureProvider(ctx, provider, bridge, nic);
      mapped.set(provider, bridge);
      outcomes.push({ provider, state: 'ready', bridge, nic, mtu });
    } catch (error) {
      failed(provider, nic, error);
    }
  }
  const remaining = await listProviderBridges(ctx.ovs);
  for (const b of remaining) if (keep.has(b.provider)) mapped.set(b.provider, b.name);
  const owned = new Set([...existing, ...remaining].map((b) => b.name));
  await syncBridgeMappings(ctx.ovs, mapped, owned);
  return outcomes.sort((a, b) => a.provider.localeCompare(b.provider));
}

/** Bridge with the NIC, host networking moved onto it, both up; returns the NIC's MTU. */
async function ensureProvider(ctx: AgentContext, provider: string, bridge: string, nic: string): Promise<number> {
  const netns = ctx.options.netns;
  const where = `node ${ctx.options.nodeName}`;
  const link = await nodeLink(netns, nic);
  if (!link) throw new Error(`interface ${nic} does not exist on ${where} (set spec.customInterfaces for this node or spec.excludeNodes)`);
  const mtu = link.mtu ?? 1500;
  await ensureProviderBridge(ctx.ovs, { provider, bridge, nic, mac: link.address, mtu, datapathType: ctx.options.datapathType ?? 'system' });
  const bridgeLink = await waitForLink(netns, bridge, LINK_TIMEOUT_MS);
  if (!bridgeLink) throw new Error(`the internal port of OVS bridge ${bridge} did not appear on ${where}: is ovs-vswitchd running?`);
  if (bridgeLink.mtu !== mtu) await run(ipArgv(netns, ['link', 'set', 'dev', bridge, 'mtu', String(mtu)]));
  await moveHostNetworking(netns, nic, bridge);
  if (!link.flags?.includes('UP')) await run(ipArgv(netns, ['link', 'set', 'dev', nic, 'up']));
  if (!bridgeLink.flags?.includes('UP')) await run(ipArgv(netns, ['link', 'set', 'dev', bridge, 'up']));
  return mtu;
}

/** Gives a NIC that leaves the bridge its host networking back (the bridge keeps running for the new NIC). */
async function restoreNic(ctx: AgentContext, bridge: string, nic: string): Promise<void> {
  const netns = ctx.options.netns;
  if (!(await nodeLink(netns, nic))) return;
  const networking = await captureHostNetworking(netns, bridge);
  // The bridge's addresses belonged to the old NIC; the new NIC's own move onto the bridge follows.
  await applyHostNetworking(netns, networking, nic, bridge);
}

/** Deletes the bridge and puts its addresses and routes back on the NIC. */
async function removeProviderBridge(ctx: AgentContext, bridge: ProviderBridgeRow): Promise<void> {
  const netns = ctx.options.netns;
  const networking = await captureHostNetworking(netns, bridge.name);
  // The mapping goes first: ovn-controller complains about a mapping to a bridge that does not exist.
  await syncBridgeMappings(ctx.ovs, new Map(), new Set([bridge.name]));
  await deleteProviderBridge(ctx.ovs, bridge.name);
  if (!bridge.nic || !(await nodeLink(netns, bridge.nic))) return;
  await waitForLinkGone(netns, bridge.name, LINK_TIMEOUT_MS);
  await applyHostNetworking(netns, networking, bridge.nic, undefined);
}
