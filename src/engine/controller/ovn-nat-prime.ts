import { isDeepStrictEqual } from 'node:util';
import type { OvnDnatRule, OvnFip, OvnSnatRule } from '../cluster/kinds/kubeovn-types.js';
import type { ControllerContext } from './controller-context.js';
import type { NatRuleView } from './desired/cluster-view.js';
import { evaluateOvnEip } from './ovn-eip-address.js';
import { natFacts } from './ovn-nat-facts.js';
import type { AppliedEip, NatRuleKind } from './ovn-nat-state.js';
import { NAT_RULE_KINDS, natRuleKey } from './ovn-nat-state.js';
import { natRuleCache } from './reconcile-ovn-nat.js';
import { resolveNatRule } from './validation/ovn-nat-rules.js';

type NatObject = OvnFip | OvnSnatRule | OvnDnatRule;

/** The spec an accepted rule was applied with is unknown (it was edited while the controller was away). */
export const UNKNOWN_APPLIED_SPEC = Object.freeze({ appliedSpecUnknown: true });

/** The NAT a rule had in OVN before a restart, as its status recorded it (status.ready: it has rows). */
function viewFromStatus(kind: NatRuleKind, obj: NatObject, eip: AppliedEip): NatRuleView | undefined {
  const s = (obj.status ?? {}) as Record<string, string | boolean | undefined>;
  const vpc = typeof s.vpc === 'string' ? s.vpc : '';
  if (s.ready !== true || !vpc) return undefined;
  const base = { name: obj.metadata.name, vpc, externalIp: eip.v4, externalSubnet: eip.subnet };
  if (kind === 'OvnSnatRule') return typeof s.v4IpCidr === 'string' && s.v4IpCidr ? { ...base, kind: 'snat', internalIp: s.v4IpCidr } : undefined;
  if (typeof s.v4Ip !== 'string' || !s.v4Ip) return undefined;
  if (kind === 'OvnFip') {
    const spec = (obj as OvnFip).spec;
    const distributed = spec.type === 'distributed' && spec.ipName ? { logicalPort: spec.ipName, externalMac: eip.mac } : {};
    return { ...base, kind: 'fip', internalIp: s.v4Ip, ...distributed };
  }
  const externalPort = Number(s.externalPort);
  const internalPort = Number(s.internalPort);
  if (!(externalPort > 0 && internalPort > 0)) return undefined;
  return { ...base, kind: 'dnat', internalIp: s.v4Ip, protocol: s.protocol === 'udp' ? 'udp' : 'tcp', externalPort, internalPort };
}

/**
 * Accepts, in memory only, the OvnEips (holding the addresses their status records) and the NAT rules, before
 * the controller's first NB pass: a pass without them would delete their rows. Rules that had rows (status.ready)
 * come back as their status describes them, first, so an edit made while the controller was away is still
 * refused and a rule created later cannot take their place; the others are then judged as new.
 */
export function primeOvnNat(ctx: ControllerContext): void {
  const byName = <T extends { metadata: { name: string } }>(a: T, b: T) => a.metadata.name.localeCompare(b.metadata.name);
  for (const eip of [...ctx.caches.ovnEips.list()].sort(byName)) {
    const evaluation = evaluateOvnEip(ctx, eip);
    if (evaluation.applied) ctx.ovnNat.eips.set(eip.metadata.name, evaluation.applied);
  }
  const pending: { kind: NatRuleKind; obj: NatObject }[] = [];
  for (const kind of NAT_RULE_KINDS) {
    for (const obj of [...natRuleCache(ctx, kind).list()].sort(byName)) {
      if (obj.metadata.deletionTimestamp) continue;
      const v4Eip = (obj.status as { v4Eip?: string } | undefined)?.v4Eip;
      const eip = [...ctx.ovnNat.eips.values()].find((e) => e.v4 === v4Eip);
      const view = eip ? viewFromStatus(kind, obj, eip) : undefined;
      if (!eip || !view) {
        pending.push({ kind, obj });
        continue;
      }
      const key = natRuleKey(kind, obj.metadata.name);
      const current = resolveNatRule(kind, obj, natFacts(ctx, key)).view;
      const spec = current && isDeepStrictEqual(current, view) ? structuredClone(obj.spec) : UNKNOWN_APPLIED_SPEC;
      ctx.ovnNat.rules.set(key, { kind, name: obj.metadata.name, eip: eip.name, spec, view });
    }
  }
  for (const { kind, obj } of pending) {
    const key = natRuleKey(kind, obj.metadata.name);
    const resolution = resolveNatRule(kind, obj, natFacts(ctx, key));
    if (resolution.view) ctx.ovnNat.rules.set(key, { kind, name: obj.metadata.name, eip: obj.spec.ovnEip!.trim(), spec: structuredClone(obj.spec), view: resolution.view });
  }
}
