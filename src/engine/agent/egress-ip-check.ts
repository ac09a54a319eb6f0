import type { AgentContext } from './agent-context.js';
import { ipArgv, run } from './kernel-commands.js';
import { AGENT_SOURCE } from './node-agent-options.js';
import type { EgressSnat } from './overlay-subnets.js';

/** The egress IPs among `wanted` that no interface of the node holds (pure). */
export function missingEgressIps(wanted: readonly EgressSnat[], held: ReadonlySet<string>): EgressSnat[] {
  return wanted.filter((e) => !held.has(e.ip));
}

/** Every address of the node namespace, from one `ip -json addr`. */
async function nodeAddresses(ctx: AgentContext): Promise<Set<string>> {
  const links = JSON.parse((await run(ipArgv(ctx.options.netns, ['-json', 'addr', 'show']))).stdout || '[]') as { addr_info?: { local?: string }[] }[];
  return new Set(links.flatMap((l) => (l.addr_info ?? []).map((a) => a.local ?? '')).filter(Boolean));
}

const reported = new WeakMap<AgentContext, string>();

/**
 * Warns (log and a Warning event on the subnet) when this node SNATs a subnet's egress to an address it does not
 * hold: the replies would never come back. As in Kube-OVN, the address is the operator's to configure (it may
 * be a VIP that moves with the node), so the agent does not add it. Each distinct problem is reported once.
 */
export async function warnMissingEgressIps(ctx: AgentContext, mine: readonly EgressSnat[]): Promise<void> {
  const missing = mine.length ? missingEgressIps(mine, await nodeAddresses(ctx)) : [];
  const key = missing.map((e) => `${e.subnet}/${e.ip}`).join(',');
  if (key === (reported.get(ctx) ?? '')) return;
  reported.set(ctx, key);
  for (const e of missing) {
    const message = `node ${e.node} SNATs egress of ${e.cidr} to ${e.ip} (gatewayNode ${e.node}:${e.ip}) but holds no such address; add it to the node's uplink, or replies to that egress are lost`;
    ctx.tuning.log(message);
    await ctx.options.cluster
      .recordEvent({ involved: { kind: 'Subnet', name: e.subnet }, type: 'Warning', reason: 'EgressIPMissing', message, source: AGENT_SOURCE })
      .catch(() => undefined);
  }
}
