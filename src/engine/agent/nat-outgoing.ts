import type { AgentContext } from './agent-context.js';
import { nodeArgv, run } from './kernel-commands.js';
import { natOutgoingRemoval, natOutgoingRuleset } from './nat-ruleset.js';
import { OVN0 } from './node-agent-options.js';
import { warnMissingEgressIps } from './egress-ip-check.js';
import type { NatOutgoingSets } from './overlay-subnets.js';

/** Applies natOutgoing to the node namespace (one nft transaction); returns the text it applied. */
export async function applyNatOutgoing(ctx: AgentContext, sets: NatOutgoingSets, previous: string | undefined): Promise<string> {
  const text = sets.nat.length ? natOutgoingRuleset(sets, OVN0, ctx.options.nodeName) : natOutgoingRemoval();
  if (text !== previous) await run(nodeArgv(ctx.options.netns, ['nft', '-f', '-']), text);
  await warnMissingEgressIps(ctx, (sets.egress ?? []).filter((e) => e.node === ctx.options.nodeName)).catch(() => undefined);
  return text;
}

/** Deletes the agent's nft table from the node namespace. */
export async function removeNatOutgoing(ctx: AgentContext): Promise<void> {
  await run(nodeArgv(ctx.options.netns, ['nft', '-f', '-']), natOutgoingRemoval());
}
