import type { Subnet } from '../cluster/kinds/kubeovn-types.js';
import { parseGatewayNodes } from '../controller/validation/subnet-gateway-node-rules.js';

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
  /**
   * `gatewayNode: node:egressIP` of centralized natOutgoing subnets: on that node, the CIDR's egress is SNATed to
   * the egress IP instead of masqueraded (one entry per CIDR and IP of the same family). Absent: none.
   */
  readonly egress?: EgressSnat[];
}

export interface EgressSnat {
  readonly subnet: string;
  readonly node: string;
  readonly cidr: string;
  readonly ip: string;
}

/** The `node:egressIP` entries of a centralized subnet, paired with its CIDRs of the same family. */
export function egressSnatsOf(subnet: Subnet): EgressSnat[] {
  if (subnet.spec.gatewayType !== 'centralized') return [];
  return parseGatewayNodes(subnet.spec.gatewayNode).flatMap((entry) =>
    entry.egressIPs.flatMap((ip) => cidrsOf(subnet).filter((cidr) => cidr.includes(':') === ip.includes(':')).map((cidr) => ({ subnet: subnet.metadata.name, node: entry.node, cidr, ip }))),
  );
}

export function natOutgoingSets(subnets: readonly Subnet[]): NatOutgoingSets {
  const nat = new Set<string>();
  const cluster = new Set<string>();
  const egress: EgressSnat[] = [];
  for (const s of subnets) {
    if (!isDefaultVpcRouted(s)) continue;
    for (const c of cidrsOf(s)) {
      cluster.add(c);
      if (s.spec.natOutgoing) nat.add(c);
    }
    if (s.spec.natOutgoing) egress.push(...egressSnatsOf(s));
  }
  const sorted = { nat: [...nat].sort(), cluster: [...cluster].sort() };
  return egress.length ? { ...sorted, egress } : sorted;
}
