import { EventEmitter } from 'node:events';
import { Informer } from '../cluster/informer.js';
import type { ClusterApi } from '../cluster/types.js';
import {
  GATEWAY_LEASE_LABEL,
  GATEWAY_LEASE_NAMESPACE,
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
  /** How often staleness is checked (a silent node produces no watch event). */
  readonly checkMs?: number;
  readonly now?: () => number;
}

/**
 * Gateway nodes' health from their heartbeat Leases: a watch for what agents report, plus a sub-second timer
 * for heartbeats that stop. Emits `change(node, verdict)` whenever a node's verdict flips, so the controller
 * re-plans the subnets that use it.
 */
export class GatewayHealth extends EventEmitter<{ change: [node: string, verdict: GatewayVerdict] }> implements GatewayHealthView {
  readonly #leases: Informer<GatewayLease>;
  readonly #namespace: string;
  readonly #staleMs: number;
  readonly #checkMs: number;
  readonly #now: () => number;
  readonly #verdicts = new Map<string, GatewayVerdict>();
  #timer: NodeJS.Timeout | undefined;

  constructor(api: ClusterApi, options: GatewayHealthOptions = {}) {
    super();
    this.#namespace = options.namespace ?? GATEWAY_LEASE_NAMESPACE;
    // kube-node-lease also holds every kubelet's Lease: watch only the heartbeats.
    this.#leases = new Informer<GatewayLease>(api, 'Lease', { namespace: this.#namespace, labelSelector: `${GATEWAY_LEASE_LABEL}=true` });
    this.#staleMs = options.staleMs ?? GATEWAY_STALE_MS;
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
    return gatewayVerdict(this.#lease(node), this.#now(), this.#staleMs);
  }

  /** Re-checks every known heartbeat; emits a change for each node whose verdict flipped. */
  evaluate(): void {
    const seen = new Set<string>();
    for (const lease of this.#leases.list()) {
      const node = nodeOfGatewayLease(lease);
      if (!node) continue;
      seen.add(node);
      this.#record(node, gatewayVerdict(lease, this.#now(), this.#staleMs));
    }
    // A deleted Lease: the node stopped being a gateway (or never was); health falls back to Node Ready.
    for (const node of [...this.#verdicts.keys()]) if (!seen.has(node)) this.#record(node, { healthy: true });
  }

  #record(node: string, verdict: GatewayVerdict): void {
    const before = this.#verdicts.get(node);
    this.#verdicts.set(node, verdict);
    if ((before?.healthy ?? true) !== verdict.healthy) this.emit('change', node, verdict);
    if (!this.#lease(node)) this.#verdicts.delete(node);
  }

  #lease(node: string): GatewayLease | undefined {
    return this.#leases.get(`${this.#namespace}/${gatewayLeaseName(node)}`);
  }
}
