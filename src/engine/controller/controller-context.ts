import type { ClusterApi, KubeObject } from '../cluster/types.js';
import type { Vpc } from '../cluster/kinds/kubeovn-types.js';
import type { Ipam } from '../ipam/index.js';
import type { ClusterCaches } from './cluster-caches.js';
import type { ControllerConfig } from './controller-config.js';
import type { AppliedSubnet } from './build-cluster-view.js';
import type { NorthboundSyncer } from './nb-sync/northbound-syncer.js';
import type { OvnNatState } from './ovn-nat-state.js';
import type { GatewayHealthView } from './gateway-health.js';
import type { NodeView, PodPortView } from './desired/cluster-view.js';

/** Queues a reconciler can poke: each takes the object's key (`name`, or `namespace/name` for pods). */
export interface Enqueue {
  subnet(name: string): void;
  /** Only the subnet's address counters in its status. */
  subnetUsage(name: string): void;
  allSubnets(): void;
  vpc(name: string): void;
  pod(key: string): void;
  node(name: string): void;
  vlan(name: string): void;
  ippool(name: string): void;
  namespace(name: string): void;
  providerNetwork(name: string): void;
  ip(name: string): void;
  ovnEip(name: string): void;
  /** `OvnFip/name`, `OvnSnatRule/name` or `OvnDnatRule/name`. */
  ovnNatRule(key: string): void;
}

/** What every reconciler works with. Reconcilers are functions of (context, key); they hold no state. */
export interface ControllerContext {
  readonly api: ClusterApi;
  readonly config: ControllerConfig;
  readonly caches: ClusterCaches;
  readonly ipam: Ipam;
  readonly syncer: NorthboundSyncer;
  /** Subnets accepted into OVN (their last valid spec), by name. */
  readonly appliedSubnets: Map<string, AppliedSubnet>;
  /** VPCs accepted into OVN, by name. */
  readonly appliedVpcs: Map<string, Vpc>;
  readonly enqueue: Enqueue;
  /** Pods (`ns/name`) that wait for their port to reach the Northbound before they are marked routed. */
  readonly awaitingRouted: Set<string>;
  /**
   * IPAM key → subnet of addresses allocated at start for pods and nodes that had none stored yet; the NB
   * pass writes their ports from IPAM until their reconcile stores the allocation (see primeAddresses).
   */
  readonly primedAddresses: Map<string, string>;
  /**
   * What the latest NB pass was computed from: a pod's port (by port name) and a node (by name); undefined
   * if that pass had none. A reconcile whose object looks the same needs no pass of its own.
   */
  readonly lastPass: { pod(port: string): PodPortView | undefined; node(name: string): NodeView | undefined };
  /** IPAM keys whose address fell out of a changed CIDR: their annotation is no longer a request. */
  readonly evictedKeys: Set<string>;
  /** Accepted OvnEips and OVN NAT rules. */
  readonly ovnNat: OvnNatState;
  /** Gateway nodes' heartbeats (absent: gateways are judged by Node Ready alone). */
  readonly gatewayHealth?: GatewayHealthView;
  event(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): Promise<void>;
}
