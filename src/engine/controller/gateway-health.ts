import { EventEmitter } from 'node:events';
import { Informer } from '../cluster/informer.js';
import type { ClusterApi } from '../cluster/types.js';
import {
  GATEWAY_LEASE_LABEL,
  GATEWAY_LEASE_NAMESPACE,
  GATEWAY_RECOVER_MS,
  GATEWAY_STALE_MS,
  gatewayLeaseName,
  gatewayVerdict,
  nodeOfGatewayLease,
  type GatewayLease,
  type GatewayVerdict,
} from './gateway-heartbeat-lease.js';

/** What reconcilers ask: may this node carry egress now? */
export interface GatewayHealthView {
  verdict(node: string): GatewayVerdict;
}

export interface GatewayHealthOptions {
  readonly namespace?: string;
  /** A heartbeat older than this marks its node down. */
  readonly staleMs?: number;
  /** How long a node that was down must stay healthy before it is used again. */
  readonly recoverMs?: number;
  /** How often staleness is checked (a silent node produces no watch event). */
  readonly checkMs?: number;
  readonly now?: () => number;
}

/** What the controller remembers of a node between checks. */
export interface GatewayHealthState {
  readonly down: boolean;
  /** Why it went down (kept while it recovers). */
  readonly reason?: string;
  /** When its heartbeat turned healthy again, while it waits out the hold-down. */
  readonly healthySince?: number;
}

/**
 * The effective verdict and the next state, from a node's heartbeat verdict now (pure). A node that was down
 * goes back into use only after `recoverMs` of continuous health: a restarted vswitchd answers before
 * ovn-controller has put its flows back, and a flapping node must not churn every subnet's next hops.
 */
export function applyHoldDown(state: GatewayHealthState | undefined, raw: GatewayVerdict, now: number, recoverMs: number): { state: GatewayHealthState; verdict: GatewayVerdict } {
  if (!raw.healthy) return { state: { down: true, ...(raw.reason ? { reason: raw.reason } : {}) }, verdict: raw };
  if (!state?.down) return { state: { down: false }, verdict: raw };
  const since = state.healthySince ?? now;
  if (now - since >= recoverMs) return { state: { down: false }, verdict: raw };
  return {
    state: { ...state, healthySince: since },
    verdict: { healthy: false, reason: `recovering${state.reason ? ` (was: ${state.reason})` : ''}` },
  };
}

/**
 * Gateway nodes' health from their heartbeat Leases: a watch for what agents report, plus a sub-second timer
 * for heartbeats that stop. Emits `change(node, verdict)` whenever a node's effective verdict flips, so the
 * controller re-plans the subnets that use it.
 */
export class GatewayHealth extends EventEmitter<{ change: [node: string, verdict: GatewayVerdict] }> implements GatewayHealthView {
  readonly #leases: Informer<GatewayLease>;
  readonly #namespace: string;
  readonly #staleMs: number;
  readonly #recoverMs: number;
  readonly #checkMs: number;
  readonly #now: () => number;
  readonly #states = new Map<string, GatewayHealthState>();
  /** Per node: the last renewTime seen and when (this clock), so staleness never compares two clocks. */
  readonly #renewSeen = new Map<string, { renewTime: string; at: number }>();
  #timer: NodeJS.Timeout | undefined;

  constructor(api: ClusterApi, options: GatewayHealthOptions = {}) {
    super();
    this.#namespace = options.namespace ?? GATEWAY_LEASE_NAMESPACE;
    // kube-node-lease also holds every kubelet's Lease: watch only the heartbeats.
    this.#leases = new Informer<GatewayLease>(api, 'Lease', { namespace: this.#namespace, labelSelector: `${GATEWAY_LEASE_LABEL}=true` });
    this.#staleMs = options.staleMs ?? GATEWAY_STALE_MS;
    this.#recoverMs = options.recoverMs ?? GATEWAY_RECOVER_MS;
    this.#checkMs = options.checkMs ?? 100;
    this.#now = options.now ?? Date.now;
  }

  async start(): Promise<void> {
    for (const event of ['add', 'update', 'delete'] as const) this.#leases.on(event, () => this.evaluate());
    this.#leases.start();
    await this.#leases.waitForSync();
    this.evaluate();
    this.#timer = setInterval(() => this.evaluate(), this.#checkMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#leases.stop();
  }

  verdict(node: string): GatewayVerdict {
    const lease = this.#lease(node);
    if (!lease) return { healthy: true };
    const now = this.#now();
    return applyHoldDown(this.#states.get(node), gatewayVerdict(lease, now, this.#staleMs, this.#renewSeenAt(node, lease, now)), now, this.#recoverMs).verdict;
  }

  /** Re-checks every known heartbeat; emits a change for each node whose effective verdict flipped. */
  evaluate(): void {
    const seen = new Set<string>();
    const now = this.#now();
    for (const lease of this.#leases.list()) {
      const node = nodeOfGatewayLease(lease);
      if (!node) continue;
      seen.add(node);
      const before = this.#states.get(node);
      const { state, verdict } = applyHoldDown(before, gatewayVerdict(lease, now, this.#staleMs, this.#renewSeenAt(node, lease, now)), now, this.#recoverMs);
      this.#states.set(node, state);
      if ((before?.down ?? false) !== state.down) this.emit('change', node, verdict);
    }
    // A deleted Lease: the node stopped being a gateway (or never was); health falls back to Node Ready.
    for (const [node, state] of [...this.#states]) {
      if (seen.has(node)) continue;
      this.#states.delete(node);
      this.#renewSeen.delete(node);
      if (state.down) this.emit('change', node, { healthy: true });
    }
  }

  #renewSeenAt(node: string, lease: GatewayLease, now: number): number {
    const renewTime = lease.spec?.renewTime ?? '';
    const seen = this.#renewSeen.get(node);
    if (seen && seen.renewTime === renewTime) return seen.at;
    this.#renewSeen.set(node, { renewTime, at: now });
    return now;
  }

  #lease(node: string): GatewayLease | undefined {
    return this.#leases.get(`${this.#namespace}/${gatewayLeaseName(node)}`);
  }
}
