import type { AgentContext } from './agent-context.js';
import { ipArgv, run } from './kernel-commands.js';
import { nodeRoutes } from './link-state.js';
import { OVN0 } from './node-agent-options.js';

/**
 * Makes the routes via the join gateway on ovn0 exactly `cidrs` (per family, when a gateway of that family
 * exists). Re-adds routes a link flap deleted; removes gateway routes on ovn0 nobody wants. Link routes stay.
 */
export async function reconcileHostRoutes(ctx: AgentContext, cidrs: readonly string[], gateways: readonly string[]): Promise<void> {
  for (const family of ['-4', '-6'] as const) {
    const v6 = family === '-6';
    const gateway = gateways.find((g) => g.includes(':') === v6);
    const want = gateway ? cidrs.filter((c) => c.includes(':') === v6) : [];
    const current = await nodeRoutes(ctx.options.netns, OVN0, family);
    for (const route of current) {
      if (route.gateway && !want.includes(route.dst)) await run(ipArgv(ctx.options.netns, [family, 'route', 'del', route.dst, 'via', route.gateway, 'dev', OVN0]));
    }
    for (const cidr of want) {
      if (current.some((r) => r.dst === cidr && r.gateway === gateway)) continue;
      await run(ipArgv(ctx.options.netns, [family, 'route', 'replace', cidr, 'via', gateway!, 'dev', OVN0]));
    }
  }
}
