import type { KubeObject } from '../cluster/types.js';
import type { Subnet } from '../cluster/kinds/kubeovn-types.js';
import { parseGatewayNodes } from './validation/subnet-gateway-node-rules.js';
import { selectorMatches } from './validation/label-selector-match.js';

/**
 * The heartbeat a gateway node's agent renews and the controller reads: a coordination.k8s.io Lease per node.
 * OVN does not health-check router-policy next hops, so a dead gateway would silently blackhole its share of
 * egress; the Lease is how kovn notices. Both halves use these names and this format.
 */
export const GATEWAY_LEASE_NAMESPACE = 'kube-node-lease';
export const GATEWAY_LEASE_PREFIX = 'kovn-gateway-';
/** On every heartbeat Lease, so the controller watches these and not the kubelets' Leases beside them. */
export const GATEWAY_LEASE_LABEL = 'kovn.io/gateway-heartbeat';
/** `ok` while the node's datapath is healthy, else why not (the agent's words, shown in subnet status). */
export const GATEWAY_HEALTH_ANNOTATION = 'kovn.io/gateway-health';
/** How often the agent renews, and how old a renewal may be before the controller gives up on the node. */
export const GATEWAY_RENEW_MS = 300;
export const GATEWAY_STALE_MS = 1_000;
/** The grace a cleanly stopping agent asks for in its last renewal (leaseDurationSeconds): an agent restart. */
export const GATEWAY_RESTART_GRACE_S = 15;
/** A node that was down is used again after this long healthy (its flows may still be coming back). */
export const GATEWAY_RECOVER_MS = 1_000;

export interface GatewayLease extends KubeObject {
  spec?: { holderIdentity?: string; leaseDurationSeconds?: number; renewTime?: string };
}

export function gatewayLeaseName(node: string): string {
  return `${GATEWAY_LEASE_PREFIX}${node}`;
}

/** The node a heartbeat Lease is about, or undefined for any other Lease. */
export function nodeOfGatewayLease(lease: KubeObject): string | undefined {
  const name = lease.metadata.name;
  return name.startsWith(GATEWAY_LEASE_PREFIX) ? name.slice(GATEWAY_LEASE_PREFIX.length) : undefined;
}

/** Kubernetes MicroTime (`…:05.123456Z`): the API server parses exactly six fractional digits. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export interface GatewayVerdict {
  readonly healthy: boolean;
  /** Why not, for status messages and events (e.g. `heartbeat 1.4 s old`, `ovs-vswitchd does not answer`). */
  readonly reason?: string;
}

/**
 * Whether a gateway node may carry egress, from its heartbeat. No Lease at all means the node's agent does not
 * heartbeat (an older agent, or it has not written yet): health is then left to the Node's Ready condition.
 * `renewSeenAtMs`: when this observer last saw renewTime change, on its own clock; given, the age is measured
 * from it, so clock skew between the node and the controller cannot make a live gateway look dead.
 */
export function gatewayVerdict(lease: GatewayLease | undefined, nowMs: number, staleMs = GATEWAY_STALE_MS, renewSeenAtMs?: number): GatewayVerdict {
  if (!lease) return { healthy: true };
  const reported = lease.metadata.annotations?.[GATEWAY_HEALTH_ANNOTATION];
  if (reported !== undefined && reported !== 'ok') return { healthy: false, reason: reported };
  const renewed = Date.parse(lease.spec?.renewTime ?? '');
  if (Number.isNaN(renewed)) return { healthy: false, reason: 'heartbeat has no renewTime' };
  const age = nowMs - (renewSeenAtMs ?? renewed);
  // A cleanly stopping agent asks for a longer grace (leaseDurationSeconds) so its restart moves nothing.
  const allowed = Math.max(staleMs, (lease.spec?.leaseDurationSeconds ?? 0) * 1000);
  if (age > allowed) return { healthy: false, reason: `no heartbeat for ${(age / 1000).toFixed(1)} s` };
  return { healthy: true };
}

/** Every node a subnet names as gateway, in preference order: `gatewayNode` first, then selector matches. */
export function gatewayNodeNames(subnet: Subnet, nodes: readonly { metadata: { name: string; labels?: Record<string, string> } }[]): string[] {
  const names = parseGatewayNodes(subnet.spec.gatewayNode).map((e) => e.node);
  for (const selector of subnet.spec.gatewayNodeSelectors ?? []) {
    for (const n of nodes) if (selectorMatches(selector, n.metadata.labels ?? {}) && !names.includes(n.metadata.name)) names.push(n.metadata.name);
  }
  return names;
}

/** Whether any centralized subnet of the default VPC may send its egress through this node. */
export function isGatewayNode(subnets: readonly Subnet[], node: { metadata: { name: string; labels?: Record<string, string> } }, defaultVpc = 'ovn-cluster'): boolean {
  return subnets.some(
    (s) => s.spec.gatewayType === 'centralized' && (s.spec.vpc || defaultVpc) === defaultVpc && gatewayNodeNames(s, [node]).includes(node.metadata.name),
  );
}
