import { isDeepStrictEqual } from 'node:util';
import type { OvnDnatRule, OvnFip, OvnSnatRule } from '../cluster/kinds/kubeovn-types.js';
import { KUBEOVN_FINALIZER } from '../cluster/kinds/kubeovn-types.js';
import { setReadyResult } from '../cluster/kinds/conditions.js';
import type { Informer } from '../cluster/informer.js';
import type { ControllerContext } from './controller-context.js';
import { setFinalizer, writeStatus } from './object-writes.js';
import { generationOf } from './reconcile-subnet.js';
import { natFacts } from './ovn-nat-facts.js';
import type { NatRuleKind } from './ovn-nat-state.js';
import { natRuleKey, parseNatRuleKey } from './ovn-nat-state.js';
import { NatReason, resolveNatRule } from './validation/ovn-nat-rules.js';
import { issue, type ValidationIssue } from './validation/validation-issue.js';
import type { NatRuleView } from './desired/cluster-view.js';
import { NAT_OWNER_KEY } from './desired/nat-rows.js';

type NatObject = OvnFip | OvnSnatRule | OvnDnatRule;

export function natRuleCache(ctx: ControllerContext, kind: NatRuleKind): Informer<NatObject> {
  const caches = { OvnFip: ctx.caches.ovnFips, OvnSnatRule: ctx.caches.ovnSnatRules, OvnDnatRule: ctx.caches.ovnDnatRules };
  return caches[kind] as unknown as Informer<NatObject>;
}

/**
 * OvnFip / OvnSnatRule / OvnDnatRule (key `Kind/name`) → a NAT row or router load balancer (through the NB
 * syncer), status and conditions. A rule that fails validation gets no row at all; an accepted rule keeps its
 * row when its spec is edited afterwards (these kinds do not support change) and reports the edit instead.
 */
export async function reconcileOvnNatRule(ctx: ControllerContext, key: string): Promise<void> {
  const { kind, name } = parseNatRuleKey(key);
  const obj = natRuleCache(ctx, kind).get(name);
  const before = ctx.ovnNat.rules.get(key);
  if (!obj || obj.metadata.deletionTimestamp) {
    ctx.ovnNat.rules.delete(key);
    await ctx.syncer.syncNow();
    if (before) ctx.enqueue.ovnEip(before.eip);
    if (obj) await setFinalizer(ctx.api, obj, KUBEOVN_FINALIZER, false);
    return;
  }
  await setFinalizer(ctx.api, obj, KUBEOVN_FINALIZER, true);
  const resolution = resolveNatRule(kind, obj, natFacts(ctx, key));
  // An edit that still means the same NAT (e.g. a spec put back as it was) is no change.
  if (before && !isDeepStrictEqual(before.spec, obj.spec) && !isDeepStrictEqual(resolution.view, before.view)) {
    const found = issue('spec', obj.spec, NatReason.SpecImmutable, `${kind} does not support change; the rule applied before stays in OVN. Delete and re-create it to change it`);
    await reportIssues(ctx, obj, [found]);
    return;
  }
  if (!resolution.view) {
    // The rule's world changed under it (its EIP or VPC went away): it leaves OVN until it resolves again.
    if (before) {
      ctx.ovnNat.rules.delete(key);
      await ctx.syncer.syncNow();
      ctx.enqueue.ovnEip(before.eip);
    }
    await reportIssues(ctx, obj, resolution.issues);
    return;
  }
  const view = resolution.view;
  ctx.ovnNat.rules.set(key, { kind, name, eip: obj.spec.ovnEip!.trim(), spec: structuredClone(obj.spec), view });
  // Unchanged: its rows are already written (and were checked for conflicts then).
  const unchanged = before !== undefined && isDeepStrictEqual(before.view, view);
  const conflict = unchanged ? undefined : (await ctx.syncer.syncNow()).conflicts.find((c) => c.ownerKeys[NAT_OWNER_KEY[view.kind]] === name);
  if (conflict) {
    ctx.ovnNat.rules.delete(key);
    await ctx.syncer.syncNow();
    const found = issue('metadata.name', name, NatReason.NatRuleConflict, `the Northbound already holds a ${conflict.table} "${conflict.name}" that kovn does not own`);
    await reportIssues(ctx, obj, [found]);
    return;
  }
  if (!unchanged) ctx.enqueue.ovnEip(obj.spec.ovnEip!.trim());
  await writeRuleStatus(ctx, kind, obj, (s) => ({
    ...s,
    ...statusFields(kind, view),
    ready: true,
    conditions: setReadyResult(s.conditions as never, true, 'ReconcileSuccess', describe(view), generationOf(obj)),
  }));
}

function describe(view: NatRuleView): string {
  if (view.kind === 'dnat') return `${view.protocol} ${view.externalIp}:${view.externalPort} → ${view.internalIp}:${view.internalPort} on ${view.vpc}`;
  return `${view.kind} ${view.externalIp} ↔ ${view.internalIp} on ${view.vpc}`;
}

function statusFields(kind: NatRuleKind, view: NatRuleView): Record<string, unknown> {
  const common = { vpc: view.vpc, v4Eip: view.externalIp };
  if (kind === 'OvnSnatRule') return { ...common, v4IpCidr: view.internalIp };
  if (kind === 'OvnFip') return { ...common, v4Ip: view.internalIp };
  return { ...common, v4Ip: view.internalIp, protocol: view.protocol, externalPort: String(view.externalPort), internalPort: String(view.internalPort) };
}

async function reportIssues(ctx: ControllerContext, obj: NatObject, issues: readonly ValidationIssue[]): Promise<void> {
  const message = issues.map((i) => i.message).join('; ');
  const reason = issues[0].reason;
  const accepted = ctx.ovnNat.rules.has(natRuleKey(obj.kind, obj.metadata.name));
  await writeRuleStatus(ctx, obj.kind, obj, (s) => ({ ...s, ready: accepted, conditions: setReadyResult(s.conditions as never, false, reason, message, generationOf(obj)) }));
  await ctx.event(obj, 'Warning', reason, message);
}

async function writeRuleStatus(ctx: ControllerContext, kind: NatRuleKind, obj: NatObject, mutate: (s: Record<string, unknown>) => Record<string, unknown>): Promise<void> {
  await writeStatus<NatObject>(ctx.api, kind, obj.metadata.name, undefined, (raw) => mutate(raw));
}
