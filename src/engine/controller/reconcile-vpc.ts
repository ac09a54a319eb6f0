import type { Vpc, VpcStatus } from '../cluster/kinds/kubeovn-types.js';
import { KUBEOVN_FINALIZER } from '../cluster/kinds/kubeovn-types.js';
import { setCondition, setReadyResult } from '../cluster/kinds/conditions.js';
import type { ControllerContext } from './controller-context.js';
import { validateVpc, validateVpcDeletion } from './validation/vpc-rules.js';
import { setFinalizer, writeStatus } from './object-writes.js';
import { generationOf } from './reconcile-subnet.js';
import { ExternalReason, reconcileVpcExternal } from './vpc-external.js';
import { extraExternalSubnets } from './external-access.js';
import { vpcExternalSubnets } from './ovn-nat-facts.js';
import { NAT_RULE_KINDS, natRuleKey } from './ovn-nat-state.js';
import { natRuleCache } from './reconcile-ovn-nat.js';
import type { NatRuleReference } from './validation/vpc-rules.js';

/** NAT rule objects that live in a VPC (accepted ones by their resolved VPC, others by spec.vpc). */
function natRulesOf(ctx: ControllerContext): NatRuleReference[] {
  const refs: NatRuleReference[] = [];
  for (const kind of NAT_RULE_KINDS) {
    for (const obj of natRuleCache(ctx, kind).list()) {
      if (obj.metadata.deletionTimestamp) continue;
      const recorded = (obj.status as { vpc?: string } | undefined)?.vpc;
      const vpc = ctx.ovnNat.rules.get(natRuleKey(kind, obj.metadata.name))?.view.vpc ?? (recorded || obj.spec?.vpc || '');
      refs.push({ kind, name: obj.metadata.name, vpc });
    }
  }
  return refs;
}

/** Rules waiting for a VPC, or living in it, are evaluated again when the VPC's external access may have changed. */
function requeueNatRules(ctx: ControllerContext, vpc: string): void {
  for (const ref of natRulesOf(ctx)) {
    const key = natRuleKey(ref.kind as never, ref.name);
    if (ref.vpc === vpc || !ctx.ovnNat.rules.has(key)) ctx.enqueue.ovnNatRule(key);
  }
}

function subnetsOf(ctx: ControllerContext, vpc: string): string[] {
  return ctx.caches.subnets
    .list()
    .filter((s) => !s.metadata.deletionTimestamp && (s.spec.vpc || ctx.config.defaultVpc) === vpc)
    .map((s) => s.metadata.name)
    .sort();
}

/** Vpc → logical router, routes and policies (through the NB syncer), status and conditions. */
export async function reconcileVpc(ctx: ControllerContext, name: string): Promise<void> {
  const vpc = ctx.caches.vpcs.get(name);
  if (!vpc) {
    ctx.appliedVpcs.delete(name);
    ctx.ovnNat.judgedExternals.delete(name);
    await ctx.syncer.syncNow();
    requeueNatRules(ctx, name);
    return;
  }
  const subnets = subnetsOf(ctx, name);
  if (vpc.metadata.deletionTimestamp) {
    // Judge by the subnets that exist now, not by a status written before some of them went away.
    const issues = validateVpcDeletion(
      { ...vpc, status: { ...vpc.status, subnets } },
      {
        subnets: ctx.caches.subnets.list().filter((s) => !s.metadata.deletionTimestamp),
        defaultVpc: ctx.config.defaultVpc,
        defaultSubnet: ctx.config.defaultSubnet,
        natRules: natRulesOf(ctx),
      },
    );
    if (issues.length > 0) {
      await writeVpcStatus(ctx, vpc, (s) => ({ ...s, conditions: setReadyResult(s.conditions, false, issues[0].reason, issues.map((i) => i.message).join('; '), generationOf(vpc)) }));
      return;
    }
    ctx.appliedVpcs.delete(name);
    await ctx.syncer.syncNow();
    await reconcileVpcExternal(ctx, vpc);
    await setFinalizer(ctx.api, vpc, KUBEOVN_FINALIZER, false);
    return;
  }
  await setFinalizer(ctx.api, vpc, KUBEOVN_FINALIZER, true);
  const previous = ctx.appliedVpcs.get(name);
  const issues = validateVpc(vpc, { subnets: ctx.caches.subnets.list(), defaultVpc: ctx.config.defaultVpc, externalGatewaySwitch: ctx.config.externalGatewaySwitch }, previous?.spec);
  if (issues.length > 0) {
    const message = issues.map((i) => i.message).join('; ');
    await writeVpcStatus(ctx, vpc, (s) => {
      s.conditions = setCondition(s.conditions, { type: 'Validated', status: 'False', reason: issues[0].reason, message });
      s.conditions = setReadyResult(s.conditions, false, issues[0].reason, message, generationOf(vpc));
      return s;
    });
    await ctx.event(vpc, 'Warning', issues[0].reason, message);
    return;
  }
  const isNew = !previous;
  ctx.appliedVpcs.set(name, vpc);
  const externalIssues = await reconcileVpcExternal(ctx, vpc);
  await ctx.syncer.syncNow();
  // NAT rules are judged against the VPC's external ports: look at them again only when those changed.
  const external = vpcExternalSubnets(ctx, name).join(',');
  if (isNew || ctx.ovnNat.judgedExternals.get(name) !== external) {
    ctx.ovnNat.judgedExternals.set(name, external);
    requeueNatRules(ctx, name);
  }
  if (isNew) ctx.enqueue.allSubnets();
  const defaultSubnet =
    name === ctx.config.defaultVpc ? ctx.config.defaultSubnet : (vpc.spec?.defaultSubnet ?? ctx.caches.subnets.list().find((s) => s.spec.vpc === name && s.spec.default)?.metadata.name ?? '');
  await writeVpcStatus(ctx, vpc, (s) => {
    s.default = name === ctx.config.defaultVpc;
    s.standby = true;
    s.router = name;
    s.subnets = subnets;
    s.defaultLogicalSwitch = defaultSubnet;
    s.enableExternal = vpc.spec?.enableExternal === true && externalIssues.length === 0;
    s.extraExternalSubnets = s.enableExternal ? extraExternalSubnets(vpc, ctx.config.externalGatewaySwitch) : [];
    s.conditions = setCondition(s.conditions, { type: 'Validated', status: 'True', reason: 'ValidateSuccess', message: '' });
    s.conditions =
      externalIssues.length > 0
        ? setReadyResult(s.conditions, false, externalIssues[0].reason, externalIssues.map((i) => i.message).join('; '), generationOf(vpc))
        : setReadyResult(s.conditions, true, 'ReconcileSuccess', `router ${name} ready`, generationOf(vpc));
    return s;
  });
  // Waiting for the router port's address is a step of every enableExternal, not worth a Warning.
  const reported = externalIssues.filter((i) => i.reason !== ExternalReason.ExternalAddressPending);
  if (reported.length > 0) await ctx.event(vpc, 'Warning', reported[0].reason, reported.map((i) => i.message).join('; '));
}

async function writeVpcStatus(ctx: ControllerContext, vpc: Vpc, mutate: (s: VpcStatus) => VpcStatus): Promise<void> {
  await writeStatus<Vpc>(ctx.api, 'Vpc', vpc.metadata.name, undefined, (raw) => mutate(raw as VpcStatus) as Record<string, unknown>);
}
