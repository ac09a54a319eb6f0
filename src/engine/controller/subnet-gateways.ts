import type { Subnet } from '../cluster/kinds/kubeovn-types.js';
import type { NodeObject } from './core-objects.js';
import { gatewayNodeNames } from './gateway-heartbeat-lease.js';
import type { GatewayHealthView } from './gateway-health.js';
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
  /** Gateway nodes whose join addresses are the next hops now (the active one, or every ECMP member). */
  readonly inUse: string[];
  /** Why each unusable node cannot be used (`node2: no heartbeat for 1.2 s`), for status and events. */
  readonly why: Readonly<Record<string, string>>;
}

function joinIPs(node: NodeObject): string[] {
  const ann = node.metadata.annotations ?? {};
  if (ann[ANN.allocated] !== 'true') return [];
  return (ann[ANN.ipAddress] ?? '').split(',').filter((s) => s !== '');
}

/** Why a gateway node cannot carry egress now, or undefined when it can. */
function unusableBecause(name: string, node: NodeObject | undefined, health: GatewayHealthView | undefined): string | undefined {
  if (!node) return 'no such Node';
  if (!isNodeReady(node)) return 'Node not Ready';
  if (joinIPs(node).length === 0) return 'no join address yet';
  const verdict = health?.verdict(name);
  if (verdict && !verdict.healthy) return verdict.reason ?? 'datapath unhealthy';
  return undefined;
}

/**
 * Which gateway node(s) a centralized subnet's egress uses now: every usable one with ECMP, otherwise the
 * current active one while it stays usable (no needless fail-back), else the first usable in list order.
 * Usable: the Node exists, is Ready, has its join address, and its heartbeat (when it sends one) is fresh and
 * healthy — OVN does not check policy next hops, so a dead one would blackhole its flows.
 */
export function chooseGateways(subnet: Subnet, nodes: readonly NodeObject[], health?: GatewayHealthView): GatewayChoice {
  const byName = new Map(nodes.map((n) => [n.metadata.name, n]));
  const names = gatewayNodeNames(subnet, nodes);
  const why: Record<string, string> = {};
  for (const n of names) {
    const reason = unusableBecause(n, byName.get(n), health);
    if (reason) why[n] = reason;
  }
  const ready = names.filter((n) => why[n] === undefined);
  const unusable = names.filter((n) => why[n] !== undefined);
  if (ready.length === 0) return { nexthops: [], ready, unusable, inUse: [], why };
  if (subnet.spec.enableEcmp) return { nexthops: ready.flatMap((n) => joinIPs(byName.get(n)!)), ready, unusable, inUse: ready, why };
  const current = subnet.status?.activateGateway;
  const active = current && ready.includes(current) ? current : ready[0];
  return { nexthops: joinIPs(byName.get(active)!), active, ready, unusable, inUse: [active], why };
}

/** `node2 (no heartbeat for 1.2 s), node3 (Node not Ready)`. */
export function describeUnusable(choice: GatewayChoice, only: readonly string[] = choice.unusable): string {
  return only.map((n) => `${n} (${choice.why[n] ?? 'unusable'})`).join(', ');
}
