import type { ControllerContext } from './controller-context.js';
import { vpcExternalView, vpcExtraExternalViews } from './external-access.js';
import type { NatFacts, NatSubnetFacts } from './validation/ovn-nat-rules.js';

function subnetFacts(ctx: ControllerContext, name: string): NatSubnetFacts | undefined {
  const applied = ctx.appliedSubnets.get(name);
  if (!applied) return undefined;
  return { name, vpc: applied.subnet.spec.vpc || ctx.config.defaultVpc, cidrs: applied.info.cidrBlock.split(',').filter((c) => c !== '') };
}

/** The external subnets a VPC is connected to right now (what the NB pass writes), the default one first. */
export function vpcExternalSubnets(ctx: ControllerContext, vpc: string): string[] {
  const obj = ctx.appliedVpcs.get(vpc);
  if (!obj) return [];
  const input = {
    defaultVpc: ctx.config.defaultVpc,
    externalGatewaySwitch: ctx.config.externalGatewaySwitch,
    subnets: [...ctx.appliedSubnets.values()],
    nodes: ctx.caches.nodes.list(),
    eips: ctx.ovnNat.eips,
  };
  const main = vpcExternalView(obj, input);
  return main ? [main.subnet, ...vpcExtraExternalViews(obj, input).map((v) => v.subnet)] : [];
}

/** The lookups NAT rule validation reads, from the controller's caches and accepted state. */
export function natFacts(ctx: ControllerContext, exceptRuleKey?: string): NatFacts {
  return {
    eipObject: (name) => ctx.caches.ovnEips.get(name),
    appliedEip: (name) => ctx.ovnNat.eips.get(name),
    ipObject: (name) => ctx.caches.ips.get(name),
    subnet: (name) => subnetFacts(ctx, name),
    subnets: () => [...ctx.appliedSubnets.keys()].map((n) => subnetFacts(ctx, n)!),
    vpcExists: (name) => ctx.appliedVpcs.has(name),
    vpcExternalSubnets: (name) => vpcExternalSubnets(ctx, name),
    otherRules: [...ctx.ovnNat.rules.entries()].filter(([k]) => k !== exceptRuleKey).map(([, r]) => r),
  };
}
