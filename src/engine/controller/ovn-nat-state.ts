import type { NatRuleView } from './desired/cluster-view.js';

/**
 * What the controller accepted of the OVN-native NAT kinds: OvnEips with the address they hold, and the NAT
 * rules resolved to addresses. The NB pass reads it; the reconcilers of these kinds write it.
 */

export type NatRuleKind = 'OvnFip' | 'OvnSnatRule' | 'OvnDnatRule';
export const NAT_RULE_KINDS: readonly NatRuleKind[] = ['OvnFip', 'OvnSnatRule', 'OvnDnatRule'];

export interface AppliedEip {
  readonly name: string;
  /** The external subnet the address comes from. */
  readonly subnet: string;
  readonly v4: string;
  readonly mac: string;
  /** `lrp`: a VPC's external router port address (made by the VPC reconciler); `nat`: for NAT rules. */
  readonly type: 'lrp' | 'nat';
}

export interface AppliedNatRule {
  readonly kind: NatRuleKind;
  readonly name: string;
  readonly eip: string;
  /** The spec that was applied: these kinds do not support change (Kube-OVN's webhook refuses any update). */
  readonly spec: unknown;
  readonly view: NatRuleView;
}

export class OvnNatState {
  readonly eips = new Map<string, AppliedEip>();
  /** By `natRuleKey(kind, name)`. */
  readonly rules = new Map<string, AppliedNatRule>();
  /** Per VPC, the external subnets its NAT rules were last judged against (comma list). */
  readonly judgedExternals = new Map<string, string>();

  ruleViews(): NatRuleView[] {
    return [...this.rules.values()].map((r) => r.view);
  }

  rulesUsingEip(eip: string): AppliedNatRule[] {
    return [...this.rules.values()].filter((r) => r.eip === eip);
  }
}

/** Work-queue key of a NAT rule object: `OvnFip/name`. */
export function natRuleKey(kind: NatRuleKind, name: string): string {
  return `${kind}/${name}`;
}

export function parseNatRuleKey(key: string): { kind: NatRuleKind; name: string } {
  const slash = key.indexOf('/');
  return { kind: key.slice(0, slash) as NatRuleKind, name: key.slice(slash + 1) };
}

/** IPAM key of an OvnEip's address in its external subnet. */
export function eipIpamKey(name: string): string {
  return `ovn-eip.${name}`;
}

/** The OvnEip (type `lrp`) holding a VPC's external router port address: `<vpc>-<externalSubnet>`, as in Kube-OVN. */
export function vpcExternalEipName(vpc: string, externalSubnet: string): string {
  return `${vpc}-${externalSubnet}`;
}
