import type { Subnet } from '../cluster/kinds/kubeovn-types.js';

/**
 * Which subnets the node routes through ovn0 and masquerades (Kube-OVN §8.4/§8.5): subnets of the default VPC
 * that are overlay, or underlay with logicalGateway. Subnets whose Ready condition is False are left out.
 */
export function isDefaultVpcRouted(subnet: Subnet, defaultVpc = 'ovn-cluster'): boolean {
  const vpc = subnet.spec.vpc || defaultVpc;
  if (vpc !== defaultVpc) return false;
  if (subnet.spec.vlan && !subnet.spec.logicalGateway) return false;
  if (subnet.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'False')) return false;
  return Boolean(subnet.spec.cidrBlock);
}

export function cidrsOf(subnet: Subnet): string[] {
  return (subnet.spec.cidrBlock ?? '').split(',').map((c) => c.trim()).filter(Boolean);
}

/** CIDRs the host reaches through ovn0 via the join gateway (the join subnet itself is on-link). */
export function hostRouteCidrs(subnets: readonly Subnet[], joinCidrs: readonly string[]): string[] {
  const out = new Set<string>();
  for (const s of subnets) if (isDefaultVpcRouted(s)) for (const c of cidrsOf(s)) if (!joinCidrs.includes(c)) out.add(c);
  return [...out].sort();
}

export interface NatOutgoingSets {
  /** Sources to masquerade: natOutgoing subnets. */
  readonly nat: string[];
  /** Destinations that are never masqueraded: every routed subnet of the default VPC (join included). */
  readonly cluster: string[];
}

export function natOutgoingSets(subnets: readonly Subnet[]): NatOutgoingSets {
  const nat = new Set<string>();
  const cluster = new Set<string>();
  for (const s of subnets) {
    if (!isDefaultVpcRouted(s)) continue;
    for (const c of cidrsOf(s)) {
      cluster.add(c);
      if (s.spec.natOutgoing) nat.add(c);
    }
  }
  return { nat: [...nat].sort(), cluster: [...cluster].sort() };
}
