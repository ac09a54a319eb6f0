import type { Subnet } from '../cluster/kinds/kubeovn-types.js';
import { parseGatewayNodes } from './validation/subnet-gateway-node-rules.js';
import { selectorMatches } from './validation/label-selector-match.js';
import type { NodeObject } from './core-objects.js';
import { isNodeReady } from './core-objects.js';
import { ANN } from './annotations.js';

export interface GatewayChoice {
  /** Join addresses egress goes through. */
  readonly nexthops: string[];
  /** Active-backup: the node in use (for `status.activateGateway`). */
  readonly active?: string;
  /** Gateway nodes that could be used (exist, Ready, have a join address), in preference order. */
  readonly ready: string[];
  /** Named or selected gateway nodes that cannot be used now. */
  readonly unusable: string[];
}

function joinIPs(node: NodeObject): string[] {
  const ann = node.metadata.annotations ?? {};
  if (ann[ANN.allocated] !== 'true') return [];
  return (ann[ANN.ipAddress] ?? '').split(',').filter((s) => s !== '');
}

/**
 * Which gateway node(s) a centralized subnet's egress uses now: every usable one with ECMP, otherwise the
 * current active one while it stays usable (no needless fail-back), else the first usable in list order.
 */
export function chooseGateways(subnet: Subnet, nodes: readonly NodeObject[]): GatewayChoice {
  const byName = new Map(nodes.map((n) => [n.metadata.name, n]));
  const names: string[] = parseGatewayNodes(subnet.spec.gatewayNode).map((e) => e.node);
  for (const selector of subnet.spec.gatewayNodeSelectors ?? []) {
    for (const n of nodes) if (selectorMatches(selector, n.metadata.labels ?? {}) && !names.includes(n.metadata.name)) names.push(n.metadata.name);
  }
  const ready = names.filter((n) => {
    const node = byName.get(n);
    return node !== undefined && isNodeReady(node) && joinIPs(node).length > 0;
  });
  const unusable = names.filter((n) => !ready.includes(n));
  if (ready.length === 0) return { nexthops: [], ready, unusable };
  if (subnet.spec.enableEcmp) return { nexthops: ready.flatMap((n) => joinIPs(byName.get(n)!)), ready, unusable };
  const current = subnet.status?.activateGateway;
  const active = current && ready.includes(current) ? current : ready[0];
  return { nexthops: joinIPs(byName.get(active)!), active, ready, unusable };
}
