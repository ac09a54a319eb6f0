import type { OvnEip, OvnEipStatus } from '../cluster/kinds/kubeovn-types.js';
import { KUBEOVN_FINALIZER } from '../cluster/kinds/kubeovn-types.js';
import { setReadyResult } from '../cluster/kinds/conditions.js';
import type { ControllerContext } from './controller-context.js';
import { setFinalizer, writeStatus } from './object-writes.js';
import { generationOf } from './reconcile-subnet.js';
import { evaluateOvnEip } from './ovn-eip-address.js';
import { NAT_RULE_KINDS, eipIpamKey, natRuleKey } from './ovn-nat-state.js';
import type { NatRuleKind } from './ovn-nat-state.js';
import { NatReason } from './validation/ovn-nat-rules.js';
import { issue } from './validation/validation-issue.js';

/** Kube-OVN labels an OvnEip with the VPC whose router port it addresses (type lrp). */
export const EIP_VPC_LABEL = 'ovn.kubernetes.io/vpc';
export const EIP_TYPE_LABEL = 'ovn.kubernetes.io/ovn_eip_type';

const SHORT: Record<NatRuleKind, string> = { OvnFip: 'fip', OvnSnatRule: 'snat', OvnDnatRule: 'dnat' };

/** Rule objects (accepted or not) that name this EIP, as `Kind/name`. */
function ruleObjectsNaming(ctx: ControllerContext, eip: string): string[] {
  const keys: string[] = [];
  const caches = { OvnFip: ctx.caches.ovnFips, OvnSnatRule: ctx.caches.ovnSnatRules, OvnDnatRule: ctx.caches.ovnDnatRules };
  for (const kind of NAT_RULE_KINDS) {
    for (const obj of caches[kind].list()) {
      if (!obj.metadata.deletionTimestamp && obj.spec?.ovnEip?.trim() === eip) keys.push(natRuleKey(kind, obj.metadata.name));
    }
  }
  return keys.sort();
}

function releaseEip(ctx: ControllerContext, name: string): void {
  const held = ctx.ovnNat.eips.get(name);
  ctx.ovnNat.eips.delete(name);
  if (held) {
    ctx.ipam.release(eipIpamKey(name), held.subnet);
    ctx.enqueue.subnetUsage(held.subnet);
  }
}

/**
 * OvnEip → an address from the external subnet (IPAM), status (ip, mac, ready, which NAT kinds use it). An
 * EIP of type `lrp` addresses a VPC's external router port; the VPC is requeued when it changes. Deletion waits
 * (finalizer) while NAT rules still use the EIP.
 */
export async function reconcileOvnEip(ctx: ControllerContext, name: string): Promise<void> {
  const eip = ctx.caches.ovnEips.get(name);
  const vpc = eip?.metadata.labels?.[EIP_VPC_LABEL];
  if (!eip) {
    releaseEip(ctx, name);
    await ctx.syncer.syncNow();
    for (const key of ruleObjectsNaming(ctx, name)) ctx.enqueue.ovnNatRule(key);
    // If it was a VPC's router port address (`<vpc>-<subnet>`), the VPC makes a new one while it wants external access.
    for (const v of ctx.caches.vpcs.list()) if (v.spec?.enableExternal && name.startsWith(`${v.metadata.name}-`)) ctx.enqueue.vpc(v.metadata.name);
    return;
  }
  if (eip.metadata.deletionTimestamp) {
    // Only accepted rules hold the EIP: a rejected rule that names it has nothing in OVN to lose.
    const users = ctx.ovnNat.rulesUsingEip(name).map((r) => natRuleKey(r.kind, r.name)).sort();
    if (users.length > 0) {
      const found = issue('metadata.name', name, NatReason.OvnEipInUse, `cannot be deleted while ${users.join(', ')} use(s) it; delete those first`, users[0]);
      await writeEipStatus(ctx, eip, (s) => ({ ...s, conditions: setReadyResult(s.conditions, false, found.reason, found.message, generationOf(eip)) }));
      await ctx.event(eip, 'Warning', found.reason, found.message);
      return;
    }
    releaseEip(ctx, name);
    await ctx.syncer.syncNow();
    if (vpc) ctx.enqueue.vpc(vpc);
    await setFinalizer(ctx.api, eip, KUBEOVN_FINALIZER, false);
    return;
  }
  await setFinalizer(ctx.api, eip, KUBEOVN_FINALIZER, true);
  const evaluation = evaluateOvnEip(ctx, eip);
  if (!evaluation.applied) {
    const message = evaluation.issues.map((i) => i.message).join('; ');
    const reason = evaluation.issues[0].reason;
    await writeEipStatus(ctx, eip, (s) => ({ ...s, ready: ctx.ovnNat.eips.has(name), conditions: setReadyResult(s.conditions, false, reason, message, generationOf(eip)) }));
    await ctx.event(eip, 'Warning', reason, message);
    return;
  }
  const applied = evaluation.applied;
  const before = ctx.ovnNat.eips.get(name);
  ctx.ovnNat.eips.set(name, applied);
  if (!before || before.v4 !== applied.v4) ctx.enqueue.subnetUsage(applied.subnet);
  if (applied.type === 'lrp') await ctx.syncer.syncNow();
  const nat = [...new Set(ctx.ovnNat.rulesUsingEip(name).map((r) => SHORT[r.kind]))].sort().join(',');
  await writeEipStatus(ctx, eip, (s) => ({
    ...s,
    type: applied.type,
    ready: true,
    v4Ip: applied.v4,
    macAddress: applied.mac,
    nat,
    conditions: setReadyResult(s.conditions, true, 'ReconcileSuccess', `holds ${applied.v4} on ${applied.subnet}`, generationOf(eip)),
  }));
  if (vpc && (!before || before.v4 !== applied.v4 || before.mac !== applied.mac)) ctx.enqueue.vpc(vpc);
  // Rules that waited for this EIP try again; accepted ones do not need to.
  for (const key of ruleObjectsNaming(ctx, name)) if (!ctx.ovnNat.rules.has(key)) ctx.enqueue.ovnNatRule(key);
}

async function writeEipStatus(ctx: ControllerContext, eip: OvnEip, mutate: (s: OvnEipStatus) => OvnEipStatus): Promise<void> {
  await writeStatus<OvnEip>(ctx.api, 'OvnEip', eip.metadata.name, undefined, (raw) => mutate(raw as OvnEipStatus) as Record<string, unknown>);
}
